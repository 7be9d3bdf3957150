import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { RewardError } from '../core/codes.js';
import { Limiter } from '../core/limiter.js';
import { bwrapArgs, prlimitArgs } from './bwrap-args.js';
import { execute, type SpawnPlan } from './execute.js';
import { launcherArgs, PROGRAM_FILE } from './launchers.js';
import { findHostLayout, type HostLayout, type HostPaths, NAMESPACE_LADDER, SANDBOX_UID } from './profile.js';
import { DEFAULT_LIMITS, type Language, type Limits, type RunRequest, type RunResult, resolveLimits } from './types.js';

/** How programs are run: inside bubblewrap (default) or, only when asked for explicitly, unsandboxed. */
export type SandboxMode = 'bwrap' | 'unsafe-no-sandbox';

export interface SandboxOptions {
  /** Default `bwrap`; `unsafe-no-sandbox` runs programs directly and says so in every result. */
  mode?: SandboxMode;
  /** Runs in flight at once (default: the number of CPUs). */
  concurrency?: number;
  /** Override where bwrap, prlimit and the interpreters are. */
  paths?: HostPaths;
}

/** What the sandbox found at startup, for `rewardkit sandbox check` and result details. */
export interface SandboxReport {
  mode: SandboxMode;
  profile: string;
  interpreter: string;
  uid: string;
  /** Set when something on this host weakens a guarantee. */
  warning?: string;
}

const UNSAFE = 'none (unsafe: --unsafe-no-sandbox)';

/** Runs untrusted programs with bounded concurrency; detects the strongest working sandbox on first use. */
export class Sandbox {
  readonly mode: SandboxMode;
  readonly #limiter: Limiter;
  readonly #paths: HostPaths;
  readonly #ready = new Map<Language, Promise<{ layout: HostLayout; rung: number }>>();

  constructor(options: SandboxOptions = {}) {
    this.mode = options.mode ?? 'bwrap';
    this.#limiter = new Limiter(options.concurrency ?? availableParallelism());
    this.#paths = options.paths ?? {};
  }

  /** Runs one program; expected failures are verdicts, a sandbox that cannot be set up throws `sandbox-error`. */
  async run(request: RunRequest): Promise<RunResult> {
    const limits = resolveLimits(request.limits);
    if (this.mode === 'unsafe-no-sandbox')
      return this.#limiter.run(async () =>
        request.signal?.aborted ? abortedBeforeStart() : runUnsafe(request, limits, this.#paths),
      );
    const { layout, rung } = await this.#prepare(request.language);
    return this.#limiter.run(async () =>
      request.signal?.aborted
        ? abortedBeforeStart()
        : execute(this.#plan(layout, rung, request, limits), request, limits),
    );
  }

  /** Probes the sandbox for a language and says what it will use; throws `sandbox-error` if none works. */
  async check(language: Language): Promise<SandboxReport> {
    if (this.mode === 'unsafe-no-sandbox') {
      return { mode: this.mode, profile: UNSAFE, interpreter: language, uid: 'the caller' };
    }
    const { layout, rung } = await this.#prepare(language);
    const report: SandboxReport = {
      mode: this.mode,
      profile: NAMESPACE_LADDER[rung]?.name ?? '?',
      interpreter: layout.interpreters[language],
      uid: isRoot() ? `${SANDBOX_UID} (host ${SANDBOX_UID})` : `${SANDBOX_UID} (host: the caller's uid)`,
    };
    // bwrap leaves each sandbox's exited init for the host's init to reap; PID 1 here never does.
    if (process.pid === 1) report.warning = 'rewardkit is PID 1: run it under an init that reaps (docker run --init)';
    return report;
  }

  #plan(layout: HostLayout, rung: number, request: RunRequest, limits: Limits): SpawnPlan {
    const plan: SpawnPlan = {
      command: layout.bwrap,
      args: bwrapArgs(layout, rung, request.language, limits),
      env: {},
      cwd: '/',
      programData: request.code,
      sandboxed: true,
      sandboxName: NAMESPACE_LADDER[rung]?.name ?? 'bwrap',
      closeFdsWith: layout.bash,
    };
    // As root, bwrap itself runs as nobody so the sandbox user is not host root (RLIMIT_NPROC is not enforced for root).
    if (isRoot()) Object.assign(plan, { uid: SANDBOX_UID, gid: SANDBOX_UID });
    return plan;
  }

  #prepare(language: Language): Promise<{ layout: HostLayout; rung: number }> {
    let ready = this.#ready.get(language);
    if (!ready) {
      ready = this.#probe(language);
      this.#ready.set(language, ready);
    }
    return ready;
  }

  async #probe(language: Language): Promise<{ layout: HostLayout; rung: number }> {
    const { layout, missing } = findHostLayout(this.#paths, process.execPath);
    if (!layout) throw unavailable(`missing ${missing.join(', ')}`);
    const code = language === 'python' ? 'print(6 * 7)' : 'console.log(6 * 7)';
    const limits = { ...DEFAULT_LIMITS, wallMs: 20_000 };
    const failures: string[] = [];
    for (let rung = 0; rung < NAMESPACE_LADDER.length; rung++) {
      const result = await execute(this.#plan(layout, rung, { language, code }, limits), { language, code }, limits);
      if (result.verdict === 'accepted' && result.stdout.trim() === '42') return { layout, rung };
      failures.push(`${NAMESPACE_LADDER[rung]?.name}: ${result.message}`);
    }
    throw unavailable(failures.join('; '));
  }
}

function unavailable(why: string): RewardError {
  return new RewardError(
    'sandbox-error',
    `cannot set up the bubblewrap sandbox (${why}); install bubblewrap and allow user namespaces, ` +
      'or pass --unsafe-no-sandbox to run programs without one',
  );
}

function abortedBeforeStart(): RunResult {
  return {
    verdict: 'sandbox-error',
    exitCode: null,
    stdout: '',
    stderr: '',
    wallMs: 0,
    message: 'aborted by the caller before it started',
    sandbox: 'not started',
    aborted: true,
  };
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Unsandboxed: rlimits (when prlimit exists), a clean environment and a private temp dir, nothing more. */
async function runUnsafe(request: RunRequest, limits: Limits, paths: HostPaths): Promise<RunResult> {
  const { layout } = findHostLayout(paths, process.execPath);
  const dir = await mkdtemp(path.join(tmpdir(), 'rewardkit-unsafe-'));
  try {
    const file = path.join(dir, PROGRAM_FILE[request.language]);
    await writeFile(file, request.code);
    const interpreter = layout?.interpreters[request.language] ?? (request.language === 'python' ? 'python3' : 'node');
    const run = [interpreter, ...launcherArgs(request.language, file, limits.memoryMb)];
    const plan: SpawnPlan = {
      command: layout ? layout.prlimit : interpreter,
      args: layout ? [...prlimitArgs(request.language, limits), '--', ...run] : run.slice(1),
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' },
      cwd: dir,
      sandboxed: false,
      sandboxName: UNSAFE,
    };
    if (layout) plan.closeFdsWith = layout.bash;
    return await execute(plan, request, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
