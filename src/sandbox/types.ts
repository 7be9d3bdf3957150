/** Languages the sandbox can run. */
export type Language = 'python' | 'javascript';

export const LANGUAGES: readonly Language[] = ['python', 'javascript'];

/** A judge-style verdict; `wrong-answer` is only given by a checker that compares output. */
export type Verdict =
  | 'accepted'
  | 'wrong-answer'
  | 'runtime-error'
  | 'time-limit'
  | 'memory-limit'
  | 'output-limit'
  | 'compile-error'
  | 'sandbox-error';

/** How a run's limits are enforced: `cgroup-v1`/`cgroup-v2` (one cgroup per run) or `per-process` (rlimits only). */
export type Enforcement = 'cgroup-v1' | 'cgroup-v2' | 'per-process';

/** Resource limits of one run. */
export interface Limits {
  /** Wall-clock time from spawn to exit, sandbox setup included (ms). */
  wallMs: number;
  /** CPU time of the whole process (RLIMIT_CPU, rounded up to whole seconds) (ms). */
  cpuMs: number;
  /** Memory (MiB): RLIMIT_AS for Python; RLIMIT_DATA and the V8 heap limit for JavaScript. */
  memoryMb: number;
  /** Processes and threads of the sandbox user (RLIMIT_NPROC). */
  processes: number;
  /** Bytes of stdout and stderr together; the run is killed once it writes more. */
  outputBytes: number;
  /** Size of the private writable /tmp (tmpfs) and the largest file (RLIMIT_FSIZE) (bytes). */
  tmpBytes: number;
}

/** Defaults: 10 s wall, 10 s CPU, 1 GiB memory (verl's SandboxFusion default), 64 processes, 1 MiB output. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  wallMs: 10_000,
  cpuMs: 10_000,
  memoryMb: 1024,
  processes: 64,
  outputBytes: 1 << 20,
  tmpBytes: 64 << 20,
};

/** Limits to change; absent or undefined keys keep the default. */
export type LimitOverrides = { [K in keyof Limits]?: Limits[K] | undefined };

/** The defaults with the given overrides applied. */
export function resolveLimits(overrides: LimitOverrides = {}): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as Array<keyof Limits>) {
    const value = overrides[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** One program to run. */
export interface RunRequest {
  language: Language;
  code: string;
  stdin?: string;
  /** Assert tests run after the program in the same interpreter; the run is accepted only once they ran to their end. */
  tests?: string;
  limits?: LimitOverrides;
  /** Aborting kills the run; the verdict is then `sandbox-error` with `aborted: true`. */
  signal?: AbortSignal;
  /** Wraps the wait for a free run slot (the runner's `ctx.queued`, so time queued is not time spent). */
  queued?: (turn: Promise<void>) => Promise<void>;
}

/** What one run produced. */
export interface RunResult {
  verdict: Verdict;
  /** Exit code of the program; a program killed by signal N reads 128 + N. */
  exitCode: number | null;
  stdout: string;
  /** The last 8 KiB of stderr. */
  stderr: string;
  wallMs: number;
  /** Why the verdict was given, in words. */
  message: string;
  /** The sandbox profile that ran it, or `none (unsafe)`. */
  sandbox: string;
  /** The run was killed because the caller aborted it. */
  aborted?: boolean;
  /** How the limits were enforced: one cgroup for the whole run, or rlimits per process only. */
  enforcement: Enforcement;
  /** What the whole run used, as its cgroup counted it (cgroup enforcement only). */
  usage?: { cpuMs: number; peakMemoryMb: number };
  /** Inode of the run's pid namespace (sandboxed runs), to check nothing outlived it. */
  pidNamespace?: number;
}
