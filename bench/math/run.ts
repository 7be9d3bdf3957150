// bench/math: the conformance suite, a generated mix of 100k typical answers and an RL mix (2-4 KB
// rollouts ending in \boxed{}) through the `math` reward's verification, in both profiles, against
// baselines measured here: string equality (exact-match), compute-engine on every pair (no fast paths)
// and, when MATH_VERIFY_PYTHONPATH is set, Hugging Face Math-Verify itself. Prints markdown tables.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';
import { CasPool } from '../../src/math/pool.js';
import { mathParams, resolveMathOptions } from '../../src/math/profiles.js';
import { type MathOptions, verifyMath } from '../../src/math/verify.js';
import { fmt, machine, table } from '../lib/measure.js';
import { generateMix, generateRlMix, type MixCase } from './mix.js';

const N = Number(process.argv[2] ?? 100_000);
const RL_N = Math.min(N, 20_000);
const OPTS = resolveMathOptions(mathParams.parse({}));
const COMPAT = resolveMathOptions(mathParams.parse({ compat: 'math-verify' }));

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

async function measure(cases: MixCase[], pool: CasPool, opts: MathOptions = OPTS): Promise<Run> {
  const lat = new Float64Array(cases.length);
  let timeouts = 0;
  let cas = 0;
  const slowest: Array<{ ms: number; c: MixCase }> = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i] as MixCase;
    const s = performance.now();
    const r = await verifyMath(c.gold, c.response, opts, () => pool);
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
const rlCases = generateRlMix(RL_N);
const rl = await measure(rlCases, pool);
const rlCompat = await measure(rlCases, pool, COMPAT);
const mv = mathVerify(rlCases.slice(0, 2_000));
await pool.close();

interface MathVerifyRun {
  n: number;
  wall: number;
  cpu: number;
  p50_ms: number;
  p99_ms: number;
}

/** Math-Verify 0.8 (`verify(parse(gold), parse(response))`) on the same cases, in its own process. */
function mathVerify(cases: MixCase[]): MathVerifyRun | string {
  const path = process.env.MATH_VERIFY_PYTHONPATH;
  if (!path) return 'not run: set MATH_VERIFY_PYTHONPATH to Math-Verify + latex2sympy2_extended sources (docs/math.md)';
  const script = new URL('./math_verify_baseline.py', import.meta.url).pathname;
  const input = cases.map((c) => JSON.stringify({ gold: c.gold, response: c.response })).join('\n');
  const run = spawnSync('python3', [script], { input, env: { ...process.env, PYTHONPATH: path }, maxBuffer: 1 << 24 });
  if (run.status !== 0) return `failed: ${run.stderr.toString().slice(-300)}`;
  return JSON.parse(run.stdout.toString().trim().split('\n').pop() as string) as MathVerifyRun;
}

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
console.log(`\nRL mix: ${RL_N} rollouts of 2-4 KB ending in \\boxed{} (same golds and answers as the mix)\n`);
const perCore = (r: Run) => r.perCpuSecond;
const mvRow =
  typeof mv === 'string'
    ? [['Math-Verify 0.8 verify(parse(gold), parse(response))', mv, '-', '-', '-']]
    : [
        [
          `Math-Verify 0.8 verify(parse(gold), parse(response)) (${mv.n} rollouts)`,
          fmt(mv.n / mv.wall),
          fmt(mv.n / mv.cpu),
          fmt(mv.p99_ms),
          '1x',
        ],
      ];
const ratio = (r: Run) => (typeof mv === 'string' ? '-' : `${fmt(perCore(r) / (mv.n / mv.cpu))}x`);
console.log(
  table(
    ['RL mix', 'verif/s (wall)', 'verif/s per core', 'p99 ms', 'per core vs Math-Verify'],
    [
      ['math, default profile', fmt(rl.perSecond), fmt(perCore(rl)), fmt(rl.p99), ratio(rl)],
      [
        'math, compat: math-verify',
        fmt(rlCompat.perSecond),
        fmt(perCore(rlCompat)),
        fmt(rlCompat.p99),
        ratio(rlCompat),
      ],
      ...mvRow,
    ],
  ),
);
console.log('\nslowest mix inputs:');
for (const s of mix.slowest)
  console.log(
    `- ${fmt(s.ms)} ms [${s.c.kind}] gold ${JSON.stringify(s.c.gold)} response ${JSON.stringify(s.c.response.slice(-60))}`,
  );
