import { z } from 'zod';
import { defineReward } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { sharedSandbox } from '../sandbox/pool.js';
import { LANGUAGES } from '../sandbox/types.js';
import { extractCode } from './extract-code.js';
import { type CaseResult, runCases } from './run-cases.js';
import { codeReference } from './tests-reference.js';

const limits = z
  .object({
    wallMs: z.int().min(100).max(600_000),
    cpuMs: z.int().min(1000).max(600_000),
    memoryMb: z.int().min(32).max(65_536),
    processes: z.int().min(1).max(4096),
    outputBytes: z
      .int()
      .min(1)
      .max(1 << 30),
    tmpBytes: z
      .int()
      .min(1 << 16)
      .max(2 ** 32),
  })
  .partial()
  .strict();

const params = z
  .object({
    /** Language the program is written in. */
    language: z.enum(LANGUAGES as ['python', 'javascript']).default('python'),
    /** `pass-rate` (default), `all-or-nothing`, or `first-k` (pass rate over the first `k` cases). */
    score: z.enum(['pass-rate', 'all-or-nothing', 'first-k']).default('pass-rate'),
    /** Cases counted by `first-k` (verl prime_code: 10). */
    k: z.int().min(1).default(10),
    /** Without a fenced block the response scores 0 instead of being run as a whole. */
    requireFence: z.boolean().default(false),
    /** Per-run limits; defaults in docs/sandbox.md. */
    limits: limits.default({}),
  })
  .strict();

/** Runs the response's program in the sandbox against the reference's tests: pass rate, all-or-nothing or first k. */
export const codeReward = defineReward({
  kind: 'code',
  description:
    'Runs the program in the response (Python or JavaScript) in a sandbox against stdin/stdout or assert tests',
  source: 'verl prime_code (pass rate, first 10 cases); judge verdicts as in online judges',
  params,
  capabilities: {
    needsReference: true,
    callsModel: false,
    stepLevel: false,
    groupLevel: false,
    pure: false,
    cost: 'expensive',
    bounds: [0, 1],
  },
  reference: codeReference,
  async score(sample, p, tests, ctx) {
    const text = responseText(sample);
    if (text.trim() === '') return unscorable('empty-response', 'the response holds no program');
    const found = extractCode(text, p.language, p.requireFence);
    if (!found) return scored(0, { reason: 'no-code-block' });
    if (found.code.trim() === '') return scored(0, { reason: 'empty-code-block' });
    const sandbox = sharedSandbox();
    const {
      cases,
      sandbox: ranIn,
      limits: enforcement,
    } = await runCases(sandbox, found.code, tests, {
      language: p.language,
      mode: p.score,
      k: p.k,
      limits: p.limits,
      signal: ctx.signal,
      queued: (turn) => ctx.queued(turn),
    });
    if (ctx.signal.aborted) return failed('timeout', 'the code reward was aborted');
    // `limits` says how the run's limits held: one cgroup per run, or per process only (docs/sandbox.md).
    const details = { language: p.language, score: p.score, sandbox: ranIn, limits: enforcement, cases };
    const broken = cases.find((c) => c.verdict === 'sandbox-error');
    if (broken) return failed('sandbox-error', `case ${broken.case}: ${broken.message ?? 'sandbox error'}`, details);
    return scored(scoreOf(cases, p.score), { ...details, passed: passedCount(cases), total: cases.length });
  },
});

function passedCount(cases: CaseResult[]): number {
  return cases.filter((c) => c.verdict === 'accepted').length;
}

/** Pass rate over the cases run; all-or-nothing is 1 only when every case passed. */
function scoreOf(cases: CaseResult[], mode: 'pass-rate' | 'all-or-nothing' | 'first-k'): number {
  const passed = passedCount(cases);
  if (mode === 'all-or-nothing') return passed === cases.length ? 1 : 0;
  return passed / cases.length;
}
