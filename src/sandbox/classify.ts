import { availableParallelism, constants } from 'node:os';
import type { Language, Limits, Verdict } from './types.js';

/** What a finished run left behind, as the classifier needs it. */
export interface RunEvidence {
  /** Set when rewardkit killed the run, and why. */
  killedFor: 'wall' | 'output' | 'abort' | 'cpu' | undefined;
  /** bwrap reported the sandboxed child started (always true when running unsandboxed). */
  sandboxStarted: boolean;
  /** What the launcher reported on its private fd before the program ran. */
  report: 'started' | 'compile-error' | undefined;
  exitCode: number | null;
  stderr: string;
  wallMs: number;
  limits: Limits;
  language: Language;
  /** CPU time of every process of the run together, where a cgroup counted it (ms). */
  runCpuMs?: number | undefined;
  /** The kernel killed a process of the run at the cgroup's memory limit. */
  oomKilled?: boolean;
  /** With assert tests: whether the launcher's proof (the run's nonce) came back. */
  testsFinished?: boolean | undefined;
}

// Last words of an interpreter that ran out of memory (Python MemoryError, V8/Node OOM; libstdc++ prints
// "terminate called recursively" when even reporting a failed allocation fails).
const OUT_OF_MEMORY =
  /^MemoryError\b|Cannot allocate memory|std::bad_alloc|terminate called recursively|JavaScript heap out of memory|Array buffer allocation failed|Fatal process out of memory|Fatal process OOM|Failed to reserve virtual memory/m;

const SIGNAL_NAMES = new Map<number, string>();
for (const [name, n] of Object.entries(constants.signals)) if (!SIGNAL_NAMES.has(n)) SIGNAL_NAMES.set(n, name);

function signalOf(exitCode: number | null): string | undefined {
  if (exitCode === null || exitCode <= 128) return undefined;
  return SIGNAL_NAMES.get(exitCode - 128);
}

/** Turns the evidence of a run into a verdict and a one-line reason. */
export function classify(e: RunEvidence): { verdict: Verdict; message: string } {
  if (e.killedFor === 'abort') return { verdict: 'sandbox-error', message: 'aborted by the caller' };
  if (e.killedFor === 'output')
    return { verdict: 'output-limit', message: `wrote more than ${e.limits.outputBytes} bytes` };
  if (e.killedFor === 'wall')
    return { verdict: 'time-limit', message: `ran past the ${e.limits.wallMs} ms wall limit` };
  if (!e.sandboxStarted) return { verdict: 'sandbox-error', message: `sandbox setup failed: ${lastLine(e.stderr)}` };
  if (e.report === 'compile-error') return { verdict: 'compile-error', message: lastLine(e.stderr) };
  if (e.killedFor === 'cpu' || (e.runCpuMs !== undefined && e.runCpuMs > e.limits.cpuMs))
    return {
      verdict: 'time-limit',
      message: `used more than ${e.limits.cpuMs} ms of CPU (all its processes together)`,
    };
  if (e.oomKilled)
    return {
      verdict: 'memory-limit',
      message: `killed at its ${e.limits.memoryMb} MiB limit (all its processes together)`,
    };
  const tail = e.stderr; // the last 8 KiB: V8 prints a long native stack after its OOM line
  if (e.report === undefined) {
    if (OUT_OF_MEMORY.test(tail))
      return { verdict: 'memory-limit', message: `the interpreter could not start in ${e.limits.memoryMb} MiB` };
    return { verdict: 'sandbox-error', message: `the interpreter did not start: ${lastLine(e.stderr)}` };
  }
  if (e.exitCode === 0 && e.testsFinished === false)
    return { verdict: 'wrong-answer', message: 'exited with code 0 before the tests ran to their end' };
  if (e.exitCode === 0) return { verdict: 'accepted', message: 'exited with code 0' };
  const signal = signalOf(e.exitCode);
  if (signal === 'SIGXCPU') return { verdict: 'time-limit', message: `used more than ${cpuSeconds(e)} s of CPU` };
  // SIGKILL that rewardkit did not send: the CPU hard limit, when the run was long enough to reach it.
  if (signal === 'SIGKILL' && e.wallMs * availableParallelism() >= cpuSeconds(e) * 1000)
    return { verdict: 'time-limit', message: `killed at the ${cpuSeconds(e)} s CPU limit` };
  if (OUT_OF_MEMORY.test(tail)) return { verdict: 'memory-limit', message: `ran out of its ${e.limits.memoryMb} MiB` };
  // JavaScript cannot corrupt memory; V8 crashes like this when an allocation fails under RLIMIT_DATA.
  if (e.language === 'javascript' && (signal === 'SIGSEGV' || signal === 'SIGBUS'))
    return {
      verdict: 'memory-limit',
      message: `crashed with ${signal}, most likely out of its ${e.limits.memoryMb} MiB`,
    };
  if (signal === 'SIGXFSZ')
    return { verdict: 'runtime-error', message: `wrote a file larger than ${e.limits.tmpBytes} bytes` };
  const how = signal ? `killed by ${signal}` : `exited with code ${e.exitCode}`;
  const why = lastLine(e.stderr);
  return { verdict: 'runtime-error', message: why ? `${how}: ${why}` : how };
}

function cpuSeconds(e: RunEvidence): number {
  return Math.max(1, Math.ceil(e.limits.cpuMs / 1000));
}

/** The last meaningful stderr line (Node's trailing version banner skipped). */
function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^Node\.js v\d/.test(l));
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}
