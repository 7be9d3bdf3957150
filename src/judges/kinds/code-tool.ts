// The Themis judge's `run_code` tool: judge-written code runs in rewardkit's sandbox (bubblewrap, no network,
// tight limits); what comes back is bounded and fenced, so it can neither flood the judge nor pose as a turn.
import { z } from 'zod';
import { RewardError } from '../../core/codes.js';
import type { ScoreContext } from '../../core/define.js';
import { sharedSandbox } from '../../sandbox/pool.js';
import type { RunResult } from '../../sandbox/types.js';
import { untrusted } from '../engine/harden.js';

export const codeToolParams = z.strictObject({
  language: z.enum(['python', 'javascript']).default('python').describe('language of the programs the judge writes'),
  wallMs: z.number().int().min(500).max(30_000).default(5_000).describe('wall-clock limit per run (ms)'),
  cpuMs: z.number().int().min(1_000).max(10_000).default(2_000).describe('CPU limit per run (ms, whole seconds)'),
  memoryMb: z.number().int().min(64).max(1_024).default(256).describe('memory limit per run (MiB)'),
  outputBytes: z
    .number()
    .int()
    .min(256)
    .max(65_536)
    .default(8_192)
    .describe('stdout + stderr a run may write; past it the run is killed (output-limit)'),
  resultChars: z
    .number()
    .int()
    .min(100)
    .max(8_000)
    .default(2_000)
    .describe('characters of stdout shown to the judge (the rest is cut, and the cut is said)'),
});
export type CodeToolOptions = z.infer<typeof codeToolParams>;

/** Longest program the judge may send (characters); a longer one is refused without running. */
export const MAX_PROGRAM_CHARS = 20_000;
const STDERR_CHARS = 500;
// Tags a run's output could use to pose as the protocol: tool calls, tool results, candidate fences.
const PROTOCOL_TAGS = ['tool_result', 'tool', 'response', 'candidate', 'action', 'conversation'];

/** Program output made safe to show the judge: control characters dropped, protocol tags broken, length cut. */
export function boundedOutput(text: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  const clean = untrusted(text.replace(/[^\P{Cc}\n\t]/gu, ''), PROTOCOL_TAGS);
  if (clean.length <= max) return clean;
  const cut = `[… ${clean.length - max} more characters cut]`;
  return keep === 'head' ? `${clean.slice(0, max)}\n${cut}` : `${cut}\n${clean.slice(-max)}`;
}

/** What the judge reads back from one run: the verdict, then stdout and the end of stderr, all bounded. */
export function describeRun(r: RunResult, o: Pick<CodeToolOptions, 'resultChars'>): string {
  const exit = r.exitCode === null ? '' : ` (exit code ${r.exitCode})`;
  const parts = [`verdict: ${r.verdict}${exit}`];
  if (r.verdict !== 'accepted') parts.push(`why: ${boundedOutput(r.message, 200)}`);
  parts.push(`stdout:\n${r.stdout === '' ? '(empty)' : boundedOutput(r.stdout, o.resultChars)}`);
  if (r.stderr.trim() !== '') parts.push(`stderr (end):\n${boundedOutput(r.stderr, STDERR_CHARS, 'tail')}`);
  return parts.join('\n');
}

/**
 * Runs one judge-written program in the shared sandbox under the tool's limits and returns what the judge
 * reads back. A program the sandbox cannot run at all (no sandbox on this host) fails the sample with
 * `sandbox-error`; every verdict of the program itself (time-limit, runtime-error...) goes back to the judge.
 */
export async function runCode(code: string, o: CodeToolOptions, ctx: ScoreContext): Promise<string> {
  if (code.trim() === '') return 'error: the program is empty';
  if (code.length > MAX_PROGRAM_CHARS)
    return `error: the program has ${code.length} characters, above the ${MAX_PROGRAM_CHARS} allowed`;
  const r = await sharedSandbox().run({
    language: o.language,
    code: unfence(code),
    limits: {
      wallMs: o.wallMs,
      cpuMs: o.cpuMs,
      memoryMb: o.memoryMb,
      outputBytes: o.outputBytes,
      processes: 16,
      tmpBytes: 1 << 20,
    },
    signal: ctx.signal,
    queued: (turn) => ctx.queued(turn),
  });
  if (r.verdict === 'sandbox-error') throw new RewardError('sandbox-error', `run_code: ${r.message}`);
  return describeRun(r, o);
}

/** A program the judge wrapped in a Markdown fence is run without the fence. */
function unfence(code: string): string {
  const m = /^\s*```[\w-]*\n([\s\S]*?)\n?```\s*$/.exec(code);
  return m ? (m[1] as string) : code;
}
