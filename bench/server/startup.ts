// Start-up (issue 21): `rewardkit --version` and `kinds` against `node -e 0`, and the first answer after
// `rewardkit serve` starts (spawn to the first 200 from /v1/score), with the server's CPU time until then from
// /proc. Alternated runs; min / median / max. Run from bench/server/run.ts, or alone:
// `node --import tsx bench/server/startup.ts` (after `npm run build`).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fmt } from '../lib/measure.js';

const repo = new URL('../..', import.meta.url).pathname;
/** What users run (bin/rewardkit.js runs the bundle, dist/bundle/), and the same program unbundled. */
const main = join(repo, 'bin/rewardkit.js');
const unbundled = join(repo, 'dist/cli/main.js');

const mmm = (xs: number[], digits = 3): string => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (i: number) => fmt(s[i] as number, digits);
  return `${at(0)} / ${at(Math.floor(s.length / 2))} / ${at(s.length - 1)}`;
};

/** Wall ms of one run; a failed start (another session rebuilding dist/) is retried, not timed. */
function wall(args: string[]): number {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, args, { stdio: 'ignore' });
      return performance.now() - t0;
    } catch (err) {
      if (attempt === 5) throw err;
      execFileSync('sleep', ['2']);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** CPU ms (user + system) a process has used, from /proc/PID/stat. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

/** Spawn `rewardkit serve ARGS` and poll /v1/score every 5 ms until it answers 200: wall and CPU ms until then. */
async function firstAnswer(args: string[], entry = main): Promise<{ wallMs: number; cpuMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry, 'serve', '--port', String(port), '--no-traces', ...args], {
    stdio: 'ignore',
  });
  const body = JSON.stringify({
    spec: 'exact-match',
    samples: [{ prompt: 'q', response: 'Paris', reference: 'paris' }],
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/v1/score`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { wallMs: performance.now() - t0, cpuMs: cpuMs(child.pid as number) };
      if (child.exitCode !== null) throw new Error(`rewardkit serve ${args.join(' ')} exited ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

export async function startupBench(runs = 5): Promise<void> {
  const exactOnly = ['--specs', join(repo, 'specs/exact-match.yaml')];
  const cells = {
    node: [] as number[],
    version: [] as number[],
    versionRatio: [] as number[],
    kinds: [] as number[],
    kindsRatio: [] as number[],
  };
  const serve: Record<string, { wall: number[]; cpu: number[] }> = {
    'npm start (shipped config: 5 specs, workers auto)': { wall: [], cpu: [] },
    'exact-match only, workers auto': { wall: [], cpu: [] },
    'exact-match only, --workers 0': { wall: [], cpu: [] },
    'exact-match only, --workers 0, unbundled dist/cli/main.js': { wall: [], cpu: [] },
  };
  const serveArgs: Record<string, string[]> = {
    'npm start (shipped config: 5 specs, workers auto)': [],
    'exact-match only, workers auto': exactOnly,
    'exact-match only, --workers 0': [...exactOnly, '--workers', '0'],
    'exact-match only, --workers 0, unbundled dist/cli/main.js': [...exactOnly, '--workers', '0'],
  };
  const bundleRatio: number[] = [];
  for (let i = 0; i < runs; i++) {
    const n = wall(['-e', '0']);
    const v = wall([main, '--version']);
    const k = wall([main, 'kinds']);
    cells.node.push(n);
    cells.version.push(v);
    cells.versionRatio.push(v / n);
    cells.kinds.push(k);
    cells.kindsRatio.push(k / n);
    for (const [name, args] of Object.entries(serveArgs)) {
      const { wallMs, cpuMs: cpu } = await firstAnswer(args, name.includes('unbundled') ? unbundled : main);
      serve[name]?.wall.push(wallMs);
      serve[name]?.cpu.push(cpu);
    }
    const w = (name: string) => serve[name]?.wall.at(-1) as number;
    bundleRatio.push(
      w('exact-match only, --workers 0') / w('exact-match only, --workers 0, unbundled dist/cli/main.js'),
    );
  }
  console.log(`\n### start-up: ${runs} alternated runs, min / median / max\n`);
  console.log(`- node -e 0: ${mmm(cells.node)} ms`);
  console.log(
    `- rewardkit --version: ${mmm(cells.version)} ms, ${mmm(cells.versionRatio, 2)}x node -e 0 (target <= 2x)`,
  );
  console.log(
    `- rewardkit kinds: ${mmm(cells.kinds)} ms, ${mmm(cells.kindsRatio, 2)}x node -e 0 (lists from the manifest)`,
  );
  for (const [name, { wall: w, cpu }] of Object.entries(serve)) {
    console.log(`- first answer after serve, ${name}: ${mmm(w)} ms wall (target < 500), ${mmm(cpu)} ms CPU`);
  }
  console.log(`- bundled / unbundled first answer (exact-match, --workers 0): ${mmm(bundleRatio, 2)}x`);
}

if (import.meta.url === `file://${process.argv[1]}`) await startupBench(Number(process.env.BENCH_ROUNDS ?? 5));
