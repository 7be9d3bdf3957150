import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { RunCgroup } from './cgroups.js';
import { classify, type RunEvidence } from './classify.js';
import type { Enforcement, Limits, RunRequest, RunResult } from './types.js';

/** How to start one run: the command, who runs it, and what to feed it. */
export interface SpawnPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Drop to this uid/gid before exec (when rewardkit runs as root). */
  uid?: number;
  gid?: number;
  /** Program text written to stdio 3 (bwrap copies it into the sandbox); unsandboxed runs leave it unset. */
  programData?: string;
  /** bwrap writes its JSON status to stdio 5. */
  sandboxed: boolean;
  sandboxName: string;
  /** bash, to close descriptors the host process leaked (not marked close-on-exec) before starting the command. */
  closeFdsWith?: string;
  /** As root: a private IPC namespace with bounded shm, the run's cgroup joined, then `setpriv` to the run's uid. */
  rootSetup?: RootSetup;
  /** The run's cgroup; absent where limits are per process. */
  cgroup?: RunCgroup;
  /** Per-run nonce the launcher writes back once assert tests ran to their end; with what else goes on fd 6. */
  tests?: { nonce: string; data: string };
}

/** What the root launch script sets up before it drops to the run's uid and starts bwrap. */
export interface RootSetup {
  unshare: string;
  setpriv: string;
  uid: number;
  /** Bytes of System V shared memory the run's IPC namespace allows in all. */
  shmBytes: number;
}

// Keeps stdio and fds 3-6 (program, launcher report, bwrap status, tests); closes every other inherited fd.
const CLOSE_FDS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'for f in /proc/$$/fd/*; do n=${f##*/}; case $n in 0|1|2|3|4|5|6) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; ';

// Run by bash inside `unshare --ipc` as root: join the cgroups ($1, colon-separated), bound shm in the
// new IPC namespace ($2 bytes per segment, $3 pages in all, $4 segments), then exec the rest.
const ROOT_SETUP =
  CLOSE_FDS +
  'IFS=:; for c in $1; do echo $$ > "$c" || exit 125; done; unset IFS; ' +
  'echo "$2" > /proc/sys/kernel/shmmax && echo "$3" > /proc/sys/kernel/shmall && echo "$4" > /proc/sys/kernel/shmmni || exit 125; ' +
  'shift 4; exec "$@"';

/** How often the run's cgroup CPU time is read against its limit. */
const CPU_POLL_MS = 100;

function commandLine(plan: SpawnPlan): [string, string[]] {
  const setup = plan.rootSetup;
  if (setup && plan.closeFdsWith) {
    const shmPages = Math.max(1, Math.ceil(setup.shmBytes / 4096));
    return [
      setup.unshare,
      [
        '--ipc',
        '--',
        plan.closeFdsWith,
        '--norc',
        '--noprofile',
        '-c',
        ROOT_SETUP,
        'rewardkit-sandbox',
        (plan.cgroup?.procsFiles ?? []).join(':'),
        `${setup.shmBytes}`,
        `${shmPages}`,
        '64',
        setup.setpriv,
        `--reuid=${setup.uid}`,
        `--regid=${setup.uid}`,
        '--clear-groups',
        '--',
        plan.command,
        ...plan.args,
      ],
    ];
  }
  if (plan.closeFdsWith)
    return [
      plan.closeFdsWith,
      ['--norc', '--noprofile', '-c', `${CLOSE_FDS}exec "$@"`, 'rewardkit-sandbox', plan.command, ...plan.args],
    ];
  return [plan.command, plan.args];
}

const STDERR_KEEP = 8 * 1024;
// After the main process exits, pipes still held by a stray descendant are closed after this long.
const DRAIN_MS = 1000;

/** Runs one planned process to completion under the wall and output limits; never throws. */
export function execute(plan: SpawnPlan, request: RunRequest, limits: Limits): Promise<RunResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let killedFor: 'wall' | 'output' | 'abort' | 'cpu' | undefined;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let written = 0;
    let report = '';
    let status = '';
    let spawnError: Error | undefined;
    let exitCode: number | null = null;

    const [command, args] = commandLine(plan);
    const child = spawn(command, args, {
      stdio: [
        'pipe',
        'pipe',
        'pipe',
        plan.sandboxed ? 'pipe' : 'ignore',
        'pipe',
        plan.sandboxed ? 'pipe' : 'ignore',
        plan.tests ? 'pipe' : 'ignore',
      ],
      env: plan.env,
      cwd: plan.cwd,
      detached: true,
      ...(plan.uid === undefined ? {} : { uid: plan.uid }),
      ...(plan.gid === undefined ? {} : { gid: plan.gid }),
    });
    const group = plan.cgroup;
    const kill = (reason: 'wall' | 'output' | 'abort' | 'cpu') => {
      killedFor ??= reason;
      group?.kill();
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL'); // the whole process group (detached: own session)
        } catch {}
      }
      child.kill('SIGKILL');
    };
    const wallTimer = setTimeout(() => kill('wall'), limits.wallMs);
    // RLIMIT_CPU is per process; the cgroup counts every process of the run together.
    const cpuTimer = group
      ? setInterval(() => {
          try {
            if (group.cpuMs() > limits.cpuMs) kill('cpu');
          } catch {}
        }, CPU_POLL_MS)
      : undefined;
    const onAbort = () => kill('abort');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) kill('abort');

    const stdio = child.stdio as unknown as Array<Readable | Writable | null>;
    const count = (n: number) => {
      written += n;
      if (written > limits.outputBytes) kill('output');
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      count(chunk.length);
      const room = limits.outputBytes - stdoutBytes;
      if (room > 0) {
        stdout.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        stdoutBytes += Math.min(room, chunk.length);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      count(chunk.length);
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    (stdio[4] as Readable | null)?.on('data', (chunk: Buffer) => {
      if (report.length < 256) report += chunk.toString('utf8');
    });
    (stdio[5] as Readable | null)?.on('data', (chunk: Buffer) => {
      if (status.length < 4096) status += chunk.toString('utf8');
    });
    for (const stream of stdio) stream?.on('error', () => {}); // EPIPE when the program exits early
    const programIn = stdio[3] as Writable | null;
    if (plan.programData !== undefined) programIn?.end(plan.programData);
    if (plan.tests) (stdio[6] as Writable | null)?.end(`${plan.tests.nonce}\n${plan.tests.data}`);
    child.stdin?.end(request.stdin ?? '');

    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 + signalNumber(signal) : null);
      setTimeout(() => {
        for (const stream of stdio) stream?.destroy();
      }, DRAIN_MS).unref();
    });
    child.on('close', async () => {
      clearTimeout(wallTimer);
      clearInterval(cpuTimer);
      let usage: RunResult['usage'];
      let oomKilled = false;
      if (group) {
        try {
          usage = { cpuMs: Math.round(group.cpuMs()), peakMemoryMb: Math.round(group.peakMemoryMb()) };
          oomKilled = group.oomKilled();
        } catch {}
        await group.remove();
      }
      request.signal?.removeEventListener('abort', onAbort);
      const wallMs = Math.round(performance.now() - started);
      const bwrap = parseStatus(status);
      const finalCode = plan.sandboxed ? (bwrap.exitCode ?? exitCode) : exitCode;
      const reportLines = report.split('\n');
      const reportLine = reportLines[0];
      const evidence: RunEvidence = {
        killedFor,
        sandboxStarted: plan.sandboxed ? bwrap.childPid !== undefined : spawnError === undefined,
        report: reportLine === 'started' || reportLine === 'compile-error' ? reportLine : undefined,
        exitCode: finalCode,
        stderr: spawnError ? `${stderr}\ncannot start ${plan.command}: ${spawnError.message}` : stderr,
        wallMs,
        limits,
        language: request.language,
        runCpuMs: usage?.cpuMs,
        oomKilled,
        testsFinished: plan.tests ? reportLines.includes(`passed ${plan.tests.nonce}`) : undefined,
      };
      const { verdict, message } = classify(evidence);
      const result: RunResult = {
        verdict,
        exitCode: finalCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: evidence.stderr,
        wallMs,
        message,
        sandbox: plan.sandboxName,
        enforcement: enforcementOf(plan),
      };
      if (usage) result.usage = usage;
      if (killedFor === 'abort') result.aborted = true;
      if (bwrap.pidNamespace !== undefined) result.pidNamespace = bwrap.pidNamespace;
      resolve(result);
    });
  });
}

/** Reads bwrap's `--json-status-fd` output: one JSON object per line. */
export function parseStatus(text: string): { childPid?: number; pidNamespace?: number; exitCode?: number } {
  const out: { childPid?: number; pidNamespace?: number; exitCode?: number } = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const doc = JSON.parse(line) as Record<string, unknown>;
      if (typeof doc['child-pid'] === 'number') out.childPid = doc['child-pid'];
      if (typeof doc['pid-namespace'] === 'number') out.pidNamespace = doc['pid-namespace'];
      if (typeof doc['exit-code'] === 'number') out.exitCode = doc['exit-code'];
    } catch {}
  }
  return out;
}

/** Which way the limits held for a planned run. */
export function enforcementOf(plan: SpawnPlan): Enforcement {
  return plan.cgroup?.enforcement ?? 'per-process';
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}
