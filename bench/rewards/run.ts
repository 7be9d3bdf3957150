// Per-sample cost of the rule-based rewards through the Runner, next to exact-match (the baseline leaf);
// plus the price of RE2 safety vs native RegExp, and the chunked token counter vs js-tiktoken encode().
import { Tiktoken } from 'js-tiktoken/lite';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { compileRegex } from '../../src/rewards/safe-regex.js';
import { tokenCounter } from '../../src/rewards/token-count.js';
import { fmt, machine, table } from '../lib/measure.js';

const n = Number(process.env.BENCH_SAMPLES ?? 20_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const filler = 'We compute the sum step by step, checking each term carefully. ';
const samples: Sample[] = Array.from({ length: n }, (_, i) => ({
  id: i,
  prompt: `question ${i}`,
  response: `<think>${filler.repeat(4 + (i % 8))}</think>\n<answer>The answer is (B): ${1000 + (i % 97)}</answer>\n${
    i % 2 ? '```json\n{"name": "x", "age": 3}\n```' : ''
  }`,
  reference: String(1000 + ((i * 7) % 97)),
}));
const schema = { type: 'object', required: ['name', 'age'], properties: { age: { type: 'integer' } } };
const kinds: Array<[string, NodeSpec]> = [
  ['exact-match (baseline)', { kind: 'exact-match' }],
  ['contains', { kind: 'contains' }],
  ['regex capture', { kind: 'regex', params: { pattern: ': (\\d+)', mode: 'capture' } }],
  ['numeric-match', { kind: 'numeric-match' }],
  ['multiple-choice', { kind: 'multiple-choice', params: { letters: 'ABCD' } }],
  ['token-f1', { kind: 'token-f1' }],
  ['format (strict R1)', { kind: 'format' }],
  ['json-valid', { kind: 'json-valid' }],
  ['json-schema', { kind: 'json-schema', params: { schema } }],
  ['length words', { kind: 'length' }],
  ['length tokens o200k', { kind: 'length', params: { unit: 'tokens' } }],
];

const registry = createRegistry();
// multiple-choice needs a letter reference: give it its own batch with the same responses
const letterSamples = samples.map((s) => ({ ...s, reference: 'B' }));
const rows: Array<Array<string | number>> = [];
let baseline = 0;
for (const [label, node] of kinds) {
  const root = compileNode(node, registry, { file: 'bench' });
  const batch = node.kind === 'multiple-choice' ? letterSamples : samples;
  await new Runner().score(root, batch.slice(0, 200)); // warm up (and load token ranks)
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await new Runner().score(root, batch);
    best = Math.min(best, performance.now() - t);
  }
  const us = (best * 1000) / n;
  if (baseline === 0) baseline = us;
  rows.push([label, fmt(us), fmt(1e6 / us), `${fmt(us / baseline, 2)}x`]);
}
console.log(`\n### rewards: ${fmt(n)} samples through the Runner, best of ${rounds} (${machine()})\n`);
console.log(table(['kind', 'µs/sample', 'samples/s', 'vs exact-match'], rows));

// RE2 vs native RegExp: benign search, and the classic catastrophic pattern (a+)+$ on "aaa...a!".
const time = (f: () => unknown, reps = 1) => {
  const t = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t) / reps;
};
const benign = `${filler.repeat(20)} Final answer: 1234.`;
const re2 = compileRegex('Final answer: (\\d+)');
const native = /Final answer: (\d+)/;
const regexRows: Array<Array<string | number>> = [
  [
    'benign search, 1.3 kB',
    `${fmt(time(() => native.exec(benign), 20_000) * 1000)} µs`,
    `${fmt(time(() => re2.test(benign), 20_000) * 1000)} µs`,
  ],
];
for (const k of [20, 22, 24]) {
  const hostile = `${'a'.repeat(k)}!`;
  regexRows.push([
    `(a+)+$ on ${k} a's + "!"`,
    `${fmt(time(() => /(a+)+$/.test(hostile)))} ms`,
    `${fmt(time(() => compileRegex('(a+)+$').test(hostile)))} ms`,
  ]);
}
const long = `${'a'.repeat(100_000)}!`;
regexRows.push([
  '(a+)+$ on 100 000 a\'s + "!"',
  'not run (exponential)',
  `${fmt(time(() => compileRegex('(a+)+$').test(long)))} ms`,
]);
console.log('\n### regex: native RegExp (baseline) vs RE2 (re2js)\n');
console.log(table(['input', 'native RegExp', 're2js'], regexRows));

// Token counting: our piecewise counter vs js-tiktoken encode() on the same text.
const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
const encoder = new Tiktoken(ranks);
const counter = await tokenCounter('o200k_base');
const prose = filler.repeat(200);
const run = 'x'.repeat(3000);
const tokenRows = [
  [
    'prose, 12.8 kB',
    `${fmt(time(() => encoder.encode(prose), 50))} ms`,
    `${fmt(time(() => counter.count(prose), 50))} ms`,
  ],
  ['one 3 000-letter run', `${fmt(time(() => encoder.encode(run)))} ms`, `${fmt(time(() => counter.count(run)))} ms`],
];
console.log('\n### tokens (o200k_base): js-tiktoken encode() (baseline) vs chunked counter\n');
console.log(table(['input', 'encode().length', 'tokenCounter'], tokenRows));
