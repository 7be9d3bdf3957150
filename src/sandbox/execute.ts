import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { classify, type RunEvidence } from './classify.js';
import type { Limits, RunRequest, RunResult } from './types.js';

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
}

// Keeps stdio and fds 3-5 (program, launcher report, bwrap status); closes every other inherited fd, then execs.
const CLOSE_INHERITED_FDS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'for f in /proc/$$/fd/*; do n=${f##*/}; case $n in 0|1|2|3|4|5) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; exec "$@"';

const STDERR_KEEP = 8 * 1024;
// After the main process exits, pipes still held by a stray descendant are closed after this long.
const DRAIN_MS = 1000;

/** Runs one planned process to completion under the wall and output limits; never throws. */
export function execute(plan: SpawnPlan, request: RunRequest, limits: Limits): Promise<RunResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let killedFor: 'wall' | 'output' | 'abort' | undefined;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let written = 0;
    let report = '';
    let status = '';
    let spawnError: Error | undefined;
    let exitCode: number | null = null;

    const [command, args] = plan.closeFdsWith
      ? [plan.closeFdsWith, ['-c', CLOSE_INHERITED_FDS, 'rewardkit-sandbox', plan.command, ...plan.args]]
      : [plan.command, plan.args];
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe', plan.sandboxed ? 'pipe' : 'ignore', 'pipe', plan.sandboxed ? 'pipe' : 'ignore'],
      env: plan.env,
      cwd: plan.cwd,
      detached: true,
      ...(plan.uid === undefined ? {} : { uid: plan.uid }),
      ...(plan.gid === undefined ? {} : { gid: plan.gid }),
    });
    const kill = (reason: 'wall' | 'output' | 'abort') => {
      killedFor ??= reason;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL'); // the whole process group (detached: own session)
        } catch {}
      }
      child.kill('SIGKILL');
    };
    const wallTimer = setTimeout(() => kill('wall'), limits.wallMs);
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
      if (report.length < 64) report += chunk.toString('utf8');
    });
    (stdio[5] as Readable | null)?.on('data', (chunk: Buffer) => {
      if (status.length < 4096) status += chunk.toString('utf8');
    });
    for (const stream of stdio) stream?.on('error', () => {}); // EPIPE when the program exits early
    const programIn = stdio[3] as Writable | null;
    if (plan.programData !== undefined) programIn?.end(plan.programData);
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
    child.on('close', () => {
      clearTimeout(wallTimer);
      request.signal?.removeEventListener('abort', onAbort);
      const wallMs = Math.round(performance.now() - started);
      const bwrap = parseStatus(status);
      const finalCode = plan.sandboxed ? (bwrap.exitCode ?? exitCode) : exitCode;
      const reportLine = report.split('\n')[0];
      const evidence: RunEvidence = {
        killedFor,
        sandboxStarted: plan.sandboxed ? bwrap.childPid !== undefined : spawnError === undefined,
        report: reportLine === 'started' || reportLine === 'compile-error' ? reportLine : undefined,
        exitCode: finalCode,
        stderr: spawnError ? `${stderr}\ncannot start ${plan.command}: ${spawnError.message}` : stderr,
        wallMs,
        limits,
        language: request.language,
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
      };
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

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}
