// In-process cost of shaping trees over one scoring batch, next to the bare leaf they wrap (the baseline):
// what a trainer pays per sample for group normalisation, length and step shaping, formulas and mixes.
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { fmt, machine, table } from '../lib/measure.js';

const n = Number(process.env.BENCH_SAMPLES ?? 32_768);
const groupSize = 8;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const samples: Sample[] = Array.from({ length: n }, (_, i) => ({
  id: i,
  prompt: `question ${Math.floor(i / groupSize)}`,
  response: 'x'.repeat(200 + ((i * 37) % 400)),
  group: Math.floor(i / groupSize),
  steps: Array.from({ length: 16 }, (_, k) => ((i + k * 7) % 10) / 10),
  metadata: { score: (i * 13) % 7 === 0 ? 1 : 0, fmt: (i % 3) / 2, rm: ((i * 31) % 100) / 25 - 2 },
}));

const leaf = (name: string, field: string): NodeSpec => ({ kind: 'score-input', name, params: { field } });
const trees: Array<[string, NodeSpec]> = [
  ['score-input leaf (baseline)', leaf('acc', 'score')],
  ['grpo-normalize(leaf)', { kind: 'grpo-normalize', reward: leaf('acc', 'score') }],
  ['rloo(leaf)', { kind: 'rloo', reward: leaf('acc', 'score') }],
  [
    'dapo-overlong(leaf), chars',
    { kind: 'dapo-overlong', params: { maxLength: 512, buffer: 128, unit: 'chars' }, reward: leaf('acc', 'score') },
  ],
  ['step-clip-delta, 16 steps', { kind: 'step-clip-delta', outcome: leaf('acc', 'score') }],
  [
    'openai.multi formula, 3 graders',
    {
      kind: 'openai.multi',
      params: { calculate_output: '0.7 * acc + 0.2 * max(fmt, 0) + 0.1 * exp(-abs(rm))' },
      graders: [leaf('acc', 'score'), leaf('fmt', 'fmt'), leaf('rm', 'rm')],
    },
  ],
  [
    'trl-multi-objective(3 terms)',
    {
      kind: 'trl-multi-objective',
      params: { aggregation: 'normalize_then_sum' },
      terms: [leaf('acc', 'score'), { ...leaf('fmt', 'fmt'), weight: 0.2 }, { ...leaf('rm', 'rm'), weight: 0.5 }],
    },
  ],
  ['log-sigmoid-centered(leaf)', { kind: 'log-sigmoid-centered', params: { ref: 0.5 }, reward: leaf('rm', 'rm') }],
];

const registry = createRegistry();
const runner = new Runner({ concurrency: 64 });

/** Median wall time of scoring the whole batch, after one warm-up round. */
async function time(node: NodeSpec): Promise<number> {
  const root = compileNode(node, registry, { file: 'bench' });
  await runner.score(root, samples);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    const results = await runner.score(root, samples);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (results.some((x) => x.status !== 'scored')) throw new Error(`${node.kind}: not every sample scored`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const rows: Array<Array<string | number>> = [];
let baseline = 0;
for (const [label, node] of trees) {
  const seconds = await time(node);
  if (rows.length === 0) baseline = seconds;
  rows.push([label, fmt((seconds / n) * 1e6), fmt(n / seconds), `${fmt(seconds / baseline, 2)}x`]);
}

console.log(`\n### shaping: ${fmt(n)} samples in groups of ${groupSize}, median of ${rounds} (${machine()})\n`);
console.log(table(['tree', 'µs/sample', 'samples/s', 'time vs baseline'], rows));
