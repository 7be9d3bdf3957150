import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One line describing the machine a benchmark ran on. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export interface ChildRun {
  seconds: number;
  /** User + system CPU seconds of the child: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMiB: number;
  stderr: string;
}

/** Runs `node <args>` with the peak-RSS preload, stdout discarded; resolves with wall time and peak RSS. */
export function runNode(args: string[], options: { cwd?: string } = {}): Promise<ChildRun> {
  const preload = new URL('./rss-preload.mjs', import.meta.url).pathname;
  return runChild(process.execPath, ['--import', preload, ...args], options);
}

/**
 * Runs a command that reports `@@maxrss KiB @@cpu µs` on stderr at exit (Node children via the preload,
 * Python ones print it themselves), stdout discarded; resolves with wall time, CPU time and peak RSS.
 */
export function runChild(command: string, args: string[], options: { cwd?: string } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 1e6) stderr = stderr.slice(-1e5);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /@@maxrss (\d+) @@cpu (\d+)/.exec(stderr);
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({
        seconds,
        cpuSeconds: rss ? Number(rss[2]) / 1e6 : Number.NaN,
        maxRssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
        stderr,
      });
    });
  });
}

/** `min / median / max` of a list, each rounded by `fmt`. */
export function minMedMax(xs: number[], digits = 3): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (i: number) => fmt(s[i] as number, digits);
  return `${at(0)} / ${at(Math.floor(s.length / 2))} / ${at(s.length - 1)}`;
}

/** A markdown table from rows of cells. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Rounds to a readable number of significant figures. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(digits);
}
