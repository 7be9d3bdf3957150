import type { Sandbox } from '../sandbox/sandbox.js';
import type { Enforcement, Language, LimitOverrides, RunResult, Verdict } from '../sandbox/types.js';
import { type CodeTests, normalizeOutput } from './tests-reference.js';

/** How a list of case verdicts becomes a score (verl prime_code: pass rate, or the first k cases). */
export type ScoreMode = 'pass-rate' | 'all-or-nothing' | 'first-k';

/** The outcome of one test case, as shown in result details. */
export interface CaseResult {
  case: number;
  verdict: Verdict | 'skipped';
  wallMs?: number;
  message?: string;
  got?: string;
  expected?: string;
}

const SHOW = 200;

/** Runs the cases a score mode needs, stopping early once the score cannot change. */
export async function runCases(
  sandbox: Sandbox,
  program: string,
  tests: CodeTests,
  options: {
    language: Language;
    mode: ScoreMode;
    k: number;
    limits: LimitOverrides;
    signal: AbortSignal;
    /** The runner's `ctx.queued`: waiting for a sandbox slot does not use the sample's budget. */
    queued?: (turn: Promise<void>) => Promise<void>;
  },
): Promise<{ cases: CaseResult[]; sandbox: string; limits: Enforcement }> {
  let enforcement: Enforcement = 'per-process';
  let sandboxName = sandbox.mode === 'unsafe-no-sandbox' ? 'none (unsafe: --unsafe-no-sandbox)' : 'bwrap';
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  options.signal.addEventListener('abort', onOuterAbort, { once: true });
  const run = async (stdin: string, tests?: string): Promise<RunResult> => {
    const result = await sandbox.run({
      language: options.language,
      code: program,
      stdin,
      limits: options.limits,
      signal: stop.signal,
      ...(tests === undefined ? {} : { tests }),
      ...(options.queued ? { queued: options.queued } : {}),
    });
    if (!result.aborted) {
      sandboxName = result.sandbox;
      enforcement = result.enforcement;
    }
    return result;
  };
  try {
    if (tests.type === 'assert') {
      // The launcher proves the asserts ran to their end; an early exit is a wrong answer.
      const result = await run('', tests.code);
      return { cases: [toCase(0, result, undefined)], sandbox: sandboxName, limits: enforcement };
    }
    const cases = options.mode === 'first-k' ? tests.cases.slice(0, options.k) : tests.cases;
    const results = await Promise.all(
      cases.map(async (testCase, i) => {
        if (stop.signal.aborted) return { case: i, verdict: 'skipped' as const };
        const result = await run(testCase.stdin);
        if (result.aborted && !options.signal.aborted) return { case: i, verdict: 'skipped' as const };
        const outcome = toCase(i, result, testCase.stdout);
        // A compile error fails every case; all-or-nothing is settled by the first failure.
        if (
          outcome.verdict === 'compile-error' ||
          (options.mode === 'all-or-nothing' && outcome.verdict !== 'accepted')
        )
          stop.abort();
        return outcome;
      }),
    );
    return { cases: results, sandbox: sandboxName, limits: enforcement };
  } finally {
    options.signal.removeEventListener('abort', onOuterAbort);
  }
}

function toCase(index: number, result: RunResult, expected: string | undefined): CaseResult {
  const out: CaseResult = { case: index, verdict: result.verdict, wallMs: result.wallMs };
  if (result.verdict === 'accepted' && expected !== undefined) {
    if (normalizeOutput(result.stdout) === normalizeOutput(expected)) return out;
    return {
      ...out,
      verdict: 'wrong-answer',
      got: result.stdout.slice(0, SHOW),
      expected: expected.slice(0, SHOW),
    };
  }
  if (result.verdict !== 'accepted') out.message = result.message;
  return out;
}
