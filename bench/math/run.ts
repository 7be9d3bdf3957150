// bench/math: the conformance suite and a generated mix of 100k typical answers through the `math`
// reward's verification, against two baselines measured here: string equality (exact-match) and
// compute-engine on every pair (no fast paths). Prints markdown tables.
import { readFileSync } from 'node:fs';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';
import { CasPool } from '../../src/math/pool.js';
import { type MathOptions, verifyMath } from '../../src/math/verify.js';
import { fmt, machine, table } from '../lib/measure.js';
import { generateMix, type MixCase } from './mix.js';

const N = Number(process.argv[2] ?? 100_000);
const OPTS: MathOptions = {
  extract: ['boxed', 'answer-tag', 'final-answer', 'latex', 'whole', 'last-number'],
  multiple: 'reject',
  lists: 'set',
  percent: 'exact',
  degrees: 'ignore',
  rounding: 'exact',
  tolerance: 1e-9,
  timeoutMs: 2_000,
  maxAnswerLength: 1_000,
};

interface Run {
  perSecond: number;
  perCpuSecond: number;
  p50: number;
  p99: number;
  max: number;
  timeouts: number;
  casShare: number;
  slowest: Array<{ ms: number; c: MixCase }>;
}

async function measure(cases: MixCase[], pool: CasPool): Promise<Run> {
  const lat = new Float64Array(cases.length);
  let timeouts = 0;
  let cas = 0;
  const slowest: Array<{ ms: number; c: MixCase }> = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i] as MixCase;
    const s = performance.now();
    const r = await verifyMath(c.gold, c.response, OPTS, () => pool);
    const ms = performance.now() - s;
    lat[i] = ms;
    if (r.code === 'timeout') timeouts++;
    if (r.details?.cas) cas++;
    if (slowest.length < 5 || ms > (slowest[4] as { ms: number }).ms) {
      slowest.push({ ms, c });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
    }
  }
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const sorted = [...lat].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  return {
    perSecond: cases.length / wall,
    // CPU time of the whole process, CAS worker included: verifications per core-second.
    perCpuSecond: cases.length / ((used.user + used.system) / 1e6),
    p50: q(0.5),
    p99: q(0.99),
    max: sorted[sorted.length - 1] as number,
    timeouts,
    casShare: cas / cases.length,
    slowest,
  };
}

/** Baseline: compute-engine parses and compares every pair (boxed answer, no fast paths). */
function casOnly(cases: MixCase[]): { perSecond: number; p99: number } {
  const ce = new ComputeEngine();
  const lat: number[] = [];
  const t0 = performance.now();
  for (const c of cases) {
    const s = performance.now();
    const answer = /\\boxed\{(.*)\}\$/.exec(c.response)?.[1] ?? c.response.slice(-20);
    const a = ce.parse(c.gold);
    const b = ce.parse(answer);
    if (!a.isSame(b)) ce.box(['Subtract', a, b]).simplify().is(0);
    lat.push(performance.now() - s);
  }
  const wall = (performance.now() - t0) / 1000;
  lat.sort((x, y) => x - y);
  return { perSecond: cases.length / wall, p99: lat[Math.floor(0.99 * lat.length)] as number };
}

/** Baseline: the exact-match reward (extraction + string equality) through the Runner. */
async function exactMatchBaseline(cases: MixCase[]): Promise<number> {
  const root = compileNode({ kind: 'exact-match' }, createRegistry(), { file: 'bench' });
  const runner = new Runner({ concurrency: 1 });
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i += 1000) {
    const batch = cases.slice(i, i + 1000).map((c) => ({ prompt: 'q', response: c.response, reference: c.gold }));
    await runner.score(root, batch);
  }
  return cases.length / ((performance.now() - t0) / 1000);
}

const pool = new CasPool({ size: 1 });
// Warm up: start the worker and JIT the main-thread path outside the timed runs.
await measure(generateMix(2_000, 99), pool);

const conformance = readFileSync(new URL('../../data/math/conformance.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { gold: string; response: string; expected: number; category: string });
const confCases = conformance.map((c) => ({ kind: c.category, gold: c.gold, response: c.response }));
const conf = await measure(confCases, pool);
let confCorrect = 0;
for (const c of conformance) {
  const r = await verifyMath(c.gold, c.response, OPTS, () => pool);
  if (r.score === c.expected) confCorrect++;
}

const mixCases = generateMix(N);
const mix = await measure(mixCases, pool);
const kinds = new Map<string, number>();
for (const c of mixCases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
const exactRate = await exactMatchBaseline(mixCases.slice(0, 20_000));
const casRate = casOnly(mixCases.slice(0, 2_000));
await pool.close();

console.log(`machine: ${machine()}\n`);
console.log(
  table(
    ['input', 'n', 'verif/s (wall)', 'verif/s per core', 'p50 ms', 'p99 ms', 'max ms', 'CAS share', 'timeouts'],
    [
      [
        'conformance',
        conformance.length,
        fmt(conf.perSecond),
        fmt(conf.perCpuSecond),
        fmt(conf.p50),
        fmt(conf.p99),
        fmt(conf.max),
        `${(conf.casShare * 100).toFixed(1)}%`,
        conf.timeouts,
      ],
      [
        'mix',
        N,
        fmt(mix.perSecond),
        fmt(mix.perCpuSecond),
        fmt(mix.p50),
        fmt(mix.p99),
        fmt(mix.max),
        `${(mix.casShare * 100).toFixed(1)}%`,
        mix.timeouts,
      ],
    ],
  ),
);
console.log(`\nconformance labels met: ${confCorrect}/${conformance.length}`);
console.log(`mix composition: ${[...kinds].map(([k, v]) => `${k} ${((v / N) * 100).toFixed(1)}%`).join(', ')}\n`);
console.log(
  table(
    ['baseline (same mix)', 'verif/s', 'p99 ms'],
    [
      ['math reward (this)', fmt(mix.perSecond), fmt(mix.p99)],
      ['exact-match reward (string equality, not math-aware)', fmt(exactRate), '-'],
      ['compute-engine on every pair (no fast paths, 2k pairs)', fmt(casRate.perSecond), fmt(casRate.p99)],
    ],
  ),
);
console.log('\nslowest mix inputs:');
for (const s of mix.slowest)
  console.log(
    `- ${fmt(s.ms)} ms [${s.c.kind}] gold ${JSON.stringify(s.c.gold)} response ${JSON.stringify(s.c.response.slice(-60))}`,
  );
