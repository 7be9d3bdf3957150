import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { RewardError } from '../core/codes.js';
import { Limiter } from '../core/limiter.js';
import { bwrapArgs, prlimitArgs, shmBytes } from './bwrap-args.js';
import { type CgroupHost, detectCgroups, type RunCgroup } from './cgroups.js';
import { execute, type SpawnPlan } from './execute.js';
import { assertLayout, launcherArgs, PROGRAM_FILE } from './launchers.js';
import { findHostLayout, type HostLayout, type HostPaths, NAMESPACE_LADDER, SANDBOX_UID } from './profile.js';
import { RUN_UID_BASE, RUN_UID_COUNT, RunUids } from './run-uids.js';
import {
  DEFAULT_LIMITS,
  type Enforcement,
  type Language,
  type Limits,
  type RunRequest,
  type RunResult,
  resolveLimits,
} from './types.js';

/** How programs are run: inside bubblewrap (default) or, only when asked for explicitly, unsandboxed. */
export type SandboxMode = 'bwrap' | 'unsafe-no-sandbox';

export interface SandboxOptions {
  /** Default `bwrap`; `unsafe-no-sandbox` runs programs directly and says so in every result. */
  mode?: SandboxMode;
  /** Runs in flight at once (default: the number of CPUs). */
  concurrency?: number;
  /** Override where bwrap, prlimit and the interpreters are. */
  paths?: HostPaths;
  /** Default true: one cgroup per run where the host offers one; false keeps rlimits per process only. */
  cgroups?: boolean;
  /** Default `per-run` (as root: a distinct host uid per run in flight); `shared` runs every run as uid 65534. */
  runUids?: 'per-run' | 'shared';
  /**
   * Default true. As root: each run in its own IPC namespace with bounded shm, its own uid and cgroup.
   * False starts bwrap as uid 65534 with per-process limits only (what a host without root gets).
   */
  perRunIsolation?: boolean;
}

/** What the sandbox found at startup, for `rewardkit sandbox check` and result details. */
export interface SandboxReport {
  mode: SandboxMode;
  profile: string;
  interpreter: string;
  uid: string;
  /** How limits hold on this host: one cgroup per run, or per process only (see docs/sandbox.md). */
  limits: Enforcement;
  /** Why, in words: where the cgroups are made, or why none can be. */
  limitsDetail: string;
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
  readonly #options: SandboxOptions;
  #host: { cgroups?: CgroupHost; cgroupsDetail: string; uids?: RunUids } | undefined;

  constructor(options: SandboxOptions = {}) {
    this.mode = options.mode ?? 'bwrap';
    this.#limiter = new Limiter(options.concurrency ?? availableParallelism());
    this.#paths = options.paths ?? {};
    this.#options = options;
  }

  #rootLaunch(layout: HostLayout): boolean {
    if (this.#options.perRunIsolation === false || !isRoot()) return false;
    return layout.unshare !== undefined && layout.setpriv !== undefined;
  }

  /** What this host offers for limits and uids; detected once, at first use. */
  #capabilities(layout: HostLayout): { cgroups?: CgroupHost; cgroupsDetail: string; uids?: RunUids } {
    if (this.#host) return this.#host;
    const rootLaunch = this.#rootLaunch(layout);
    const found = this.#options.cgroups === false ? { reason: 'turned off (cgroups: false)' } : detectCgroups();
    const host: { cgroups?: CgroupHost; cgroupsDetail: string; uids?: RunUids } = {
      cgroupsDetail: rootLaunch
        ? found.reason
        : this.#options.perRunIsolation === false
          ? 'turned off (perRunIsolation: false)'
          : 'needs root with util-linux unshare and setpriv',
    };
    if (rootLaunch && found.host) host.cgroups = found.host;
    if (rootLaunch && this.#options.runUids !== 'shared') host.uids = new RunUids();
    this.#host = host;
    return host;
  }

  /** Runs one program; expected failures are verdicts, a sandbox that cannot be set up throws `sandbox-error`. */
  async run(request: RunRequest): Promise<RunResult> {
    const limits = resolveLimits(request.limits);
    if (this.mode === 'unsafe-no-sandbox')
      return this.#limiter.run(async () =>
        request.signal?.aborted ? abortedBeforeStart() : runUnsafe(request, limits, this.#paths),
      );
    const { layout, rung } = await this.#prepare(request.language);
    let started = () => {};
    const turn = new Promise<void>((resolve) => {
      started = resolve;
    });
    const run = this.#limiter.run(async () => {
      started();
      return request.signal?.aborted ? abortedBeforeStart() : this.#runOne(layout, rung, request, limits);
    });
    if (request.queued) await request.queued(turn);
    return run;
  }

  /** One run with its own uid and cgroup (where the host offers them), both given back when it has ended. */
  async #runOne(layout: HostLayout, rung: number, request: RunRequest, limits: Limits): Promise<RunResult> {
    const host = this.#capabilities(layout);
    let uid: number | undefined;
    let cgroup: RunCgroup | undefined;
    try {
      uid = host.uids?.acquire();
      if (host.cgroups) cgroup = host.cgroups.create(`run-${uid ?? process.pid}`, limits);
    } catch (err) {
      if (uid !== undefined) host.uids?.release(uid);
      return setupFailed(`cannot set up the run's uid or cgroup: ${(err as Error).message}`);
    }
    try {
      return await execute(this.#plan(layout, rung, request, limits, uid, cgroup), request, limits);
    } finally {
      if (uid !== undefined) host.uids?.release(uid);
    }
  }

  /** Probes the sandbox for a language and says what it will use; throws `sandbox-error` if none works. */
  async check(language: Language): Promise<SandboxReport> {
    if (this.mode === 'unsafe-no-sandbox') {
      return {
        mode: this.mode,
        profile: UNSAFE,
        interpreter: language,
        uid: 'the caller',
        limits: 'per-process',
        limitsDetail: 'unsandboxed: rlimits only',
      };
    }
    const { layout, rung } = await this.#prepare(language);
    const host = this.#capabilities(layout);
    const report: SandboxReport = {
      mode: this.mode,
      profile: NAMESPACE_LADDER[rung]?.name ?? '?',
      interpreter: layout.interpreters[language],
      uid: host.uids
        ? `${SANDBOX_UID} (host: a distinct uid per run, ${RUN_UID_BASE}-${RUN_UID_BASE + RUN_UID_COUNT - 1})`
        : isRoot()
          ? `${SANDBOX_UID} (host ${SANDBOX_UID}, shared by all runs)`
          : `${SANDBOX_UID} (host: the caller's uid, shared by all runs)`,
      limits: host.cgroups?.enforcement ?? 'per-process',
      limitsDetail: host.cgroupsDetail,
    };
    // bwrap leaves each sandbox's exited init for the host's init to reap; PID 1 here never does.
    if (process.pid === 1) report.warning = 'rewardkit is PID 1: run it under an init that reaps (docker run --init)';
    return report;
  }

  #plan(
    layout: HostLayout,
    rung: number,
    request: RunRequest,
    limits: Limits,
    uid?: number,
    cgroup?: RunCgroup,
  ): SpawnPlan {
    const rootLaunch = this.#rootLaunch(layout);
    const withTests = request.tests !== undefined;
    const laid = withTests ? assertLayout(request.language, request.code, request.tests ?? '') : undefined;
    const plan: SpawnPlan = {
      command: layout.bwrap,
      args: bwrapArgs(layout, rung, request.language, limits, { ownIpc: rootLaunch, withTests }),
      env: {},
      cwd: '/',
      programData: laid?.file ?? request.code,
      sandboxed: true,
      sandboxName: NAMESPACE_LADDER[rung]?.name ?? 'bwrap',
      closeFdsWith: layout.bash,
    };
    if (laid) plan.tests = { nonce: randomBytes(16).toString('hex'), data: laid.fd6 };
    if (cgroup) plan.cgroup = cgroup;
    if (rootLaunch && layout.unshare && layout.setpriv) {
      // As root: own IPC namespace with bounded shm, the run's cgroup, then bwrap as the run's own uid (never host root).
      plan.rootSetup = {
        unshare: layout.unshare,
        setpriv: layout.setpriv,
        uid: uid ?? SANDBOX_UID,
        shmBytes: shmBytes(limits),
      };
    } else if (isRoot()) {
      // bwrap itself runs as nobody so the sandbox user is not host root (RLIMIT_NPROC is not enforced for root).
      Object.assign(plan, { uid: SANDBOX_UID, gid: SANDBOX_UID });
    }
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
      const result = await this.#runOne(layout, rung, { language, code }, limits);
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

function setupFailed(message: string): RunResult {
  return {
    verdict: 'sandbox-error',
    exitCode: null,
    stdout: '',
    stderr: '',
    wallMs: 0,
    message,
    sandbox: 'not started',
    enforcement: 'per-process',
  };
}

function abortedBeforeStart(): RunResult {
  return { ...setupFailed('aborted by the caller before it started'), aborted: true };
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
    const laid = request.tests === undefined ? undefined : assertLayout(request.language, request.code, request.tests);
    await writeFile(file, laid?.file ?? request.code);
    const interpreter = layout?.interpreters[request.language] ?? (request.language === 'python' ? 'python3' : 'node');
    const run = [interpreter, ...launcherArgs(request.language, file, limits.memoryMb, laid !== undefined)];
    const plan: SpawnPlan = {
      command: layout ? layout.prlimit : interpreter,
      args: layout ? [...prlimitArgs(request.language, limits), '--', ...run] : run.slice(1),
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' },
      cwd: dir,
      sandboxed: false,
      sandboxName: UNSAFE,
    };
    if (layout) plan.closeFdsWith = layout.bash;
    if (laid) plan.tests = { nonce: randomBytes(16).toString('hex'), data: laid.fd6 };
    return await execute(plan, request, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
