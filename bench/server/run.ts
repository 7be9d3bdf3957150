// bench/server: rewardkit serve against a Python peer written the way OpenRLHF's serve_rm.py is (py_peer.py:
// FastAPI async route, uvicorn + uvloop + httptools) and a bare Node ceiling that parses the same body and answers
// a same-size body (bare.mjs). All three stay up; rounds alternate their order; wrk (its own process) drives the
// closed loop; CPU per request comes from /proc. Ratios are per round, reported as min/median/max.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, machine, table } from '../lib/measure.js';
import { type LoadResult, openLoop, post, quantile } from './load.js';
import { startupBench } from './startup.js';
import { wrk } from './wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const BATCH = 64;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const repo = new URL('../..', import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-bench-server-'));

writeFileSync(join(dir, 'exact-match.yaml'), 'reward:\n  kind: exact-match\n');
const shippedMath = join(repo, 'specs/math.yaml');
writeFileSync(join(dir, 'math.yaml'), existsSync(shippedMath) ? readFileSync(shippedMath) : 'reward:\n  kind: math\n');

const answers = ['Paris', '42', 'blue whale', 'Marie Curie', '3/4', 'Jupiter', '1,024', 'x = 2'];
const emSamples = Array.from({ length: BATCH }, (_, i) => {
  const answer = answers[i % answers.length] as string;
  const said = i % 3 === 0 ? answers[(i + 1) % answers.length] : answer;
  const style = i % 4;
  const response =
    style === 0
      ? `<think>step ${i}</think><answer>${said}</answer>`
      : style === 1
        ? `Let me think. The answer is ${said}.`
        : style === 2
          ? `So we get \\boxed{${said}}`
          : `${said}`;
  return { id: i, prompt: `question ${i}`, response, reference: answer };
});
const mathPairs: Array<[string, string]> = [
  ['\\frac{1}{2}', '0.5'],
  ['2\\sqrt{2}', '\\sqrt{8}'],
  ['x^2+2x+1', '(x+1)^2'],
  ['\\{1,2,3\\}', '\\{3,2,1\\}'],
  ['(0, 1]', '(0,1]'],
  ['12', '12.0'],
  ['\\pi/2', '\\frac{\\pi}{2}'],
  ['3', '4'],
];
const mathSamples = Array.from({ length: BATCH }, (_, i) => {
  const [said, gold] = mathPairs[i % mathPairs.length] as [string, string];
  return { id: i, prompt: `problem ${i}`, response: `We find the result is $\\boxed{${said}}$.`, reference: gold };
});
const emBody = JSON.stringify({ spec: 'exact-match', samples: emSamples });
const mathBody = JSON.stringify({ spec: 'math', samples: mathSamples });
const emLeanBody = JSON.stringify({ spec: 'exact-match', samples: emSamples, details: false });
const LEAN = 'rewardkit lean (details: false), 64 samples/request';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Clock ticks of user+system CPU the process used so far (Linux /proc), or NaN. */
function cpuTicks(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

async function waitReady(url: URL, child: ChildProcess): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await post(agent, url, '{"spec":"exact-match","samples":[]}').then(
      (r) => r.status > 0,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} never answered`);
}

async function start(command: string, args: string[]): Promise<{ child: ChildProcess; url: URL }> {
  const port = await freePort();
  const child = spawn(command, [...args.map((a) => a.replace('$PORT', String(port)))], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = new URL(`http://127.0.0.1:${port}/v1/score`);
  await waitReady(url, child);
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const rk = [
  join(repo, 'bin/rewardkit.js'),
  'serve',
  ...['--specs', dir, '--port', '$PORT', '--log-level', 'warn', '--no-traces'],
];
const oneBody = JSON.stringify({ spec: 'exact-match', samples: [emSamples[1]] });
const pyArgs = [join(here, 'py_peer.py'), '$PORT'];
const missing = (cmd: string) => execSync(`${cmd} >/dev/null 2>&1 || echo missing`).toString() !== '';
if (missing(`${PYTHON} -c "import fastapi, uvicorn, uvloop, httptools"`) || missing('command -v wrk')) {
  console.error(
    `bench/server needs wrk and the Python peer's packages for ${PYTHON}: ` +
      'apt-get install -y wrk python3-fastapi python3-uvicorn python3-uvloop python3-httptools',
  );
  process.exit(1);
}

try {
  execSync('npm run build --silent', { cwd: repo, stdio: 'inherit' });
} catch {
  // tsc still emits; on a shared checkout a type error may be someone else's work in progress.
  console.error('bench/server: the build reported errors (above); measuring the dist/ it emitted');
}
const servers = { rewardkit: await start(process.execPath, rk), python: await start(PYTHON, pyArgs) };
// The ceiling answers rewardkit's own results for each batch size: same bytes out, same JSON work.
const agent = new Agent();
const rkAnswers: Record<number, unknown> = {};
for (const body of [emBody, oneBody]) {
  const answer = JSON.parse((await post(agent, servers.rewardkit.url, body)).text) as { results: unknown[] };
  rkAnswers[answer.results.length] = answer;
}
writeFileSync(join(dir, 'templates.json'), JSON.stringify(rkAnswers));
// rewardkit with its raw HTTP front off (rawHttp: false): what the front buys over node:http.
writeFileSync(
  join(dir, 'node-http.yaml'),
  `specDirs: [${JSON.stringify(dir)}]\nrawHttp: false\nlogLevel: warn\ntraces:\n  enabled: false\n`,
);
const all = {
  ...servers,
  bare: await start(process.execPath, [join(here, 'bare.mjs'), '$PORT', join(dir, 'templates.json')]),
  'rewardkit on node:http': await start(process.execPath, [
    join(repo, 'bin/rewardkit.js'),
    'serve',
    ...['--config', join(dir, 'node-http.yaml'), '--port', '$PORT'],
  ]),
};
type Name = keyof typeof all;
const names: Name[] = ['bare', 'rewardkit', 'python'];
/** The closed-loop cells also measure rewardkit on node:http. */
const wrkNames: Name[] = [...names, 'rewardkit on node:http'];

const scores = async (url: URL) =>
  (JSON.parse((await post(agent, url, emBody)).text) as { results: Array<{ score?: number }> }).results.map(
    (r) => r.score,
  );
const [pyScores, rkScores] = [await scores(all.python.url), await scores(all.rewardkit.url)];
const parity = `${pyScores.filter((x, i) => x === rkScores[i]).length}/${BATCH} equal scores`;
const sizes = await Promise.all(
  names.map(async (n) => `${n} ${Buffer.byteLength((await post(agent, all[n].url, emBody)).text)} B`),
);

interface Cell {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMsPerRequest: number;
  wrkCores: number;
}
const cells: Record<string, Cell[]> = {};
const open: Record<string, LoadResult[]> = {};
const bodies = [
  { label: '64 samples/request', body: emBody, n: BATCH },
  { label: '1 sample/request', body: oneBody, n: 1 },
];
for (const b of bodies) for (const n of wrkNames) await wrk(dir, all[n].url, b.body, CLIENTS, 1); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const b of bodies) {
    // Rotate who goes first so drift on a shared machine lands on every server alike.
    const order = wrkNames.map((_, i) => wrkNames[(i + round) % wrkNames.length] as Name);
    for (const n of order) {
      const before = cpuTicks(all[n].child.pid);
      const r = await wrk(dir, all[n].url, b.body, CLIENTS, SECONDS);
      const cpu = (cpuTicks(all[n].child.pid) - before) * 10;
      const key = `${n} ${b.label}`;
      cells[key] ??= [];
      cells[key].push({ ...r, cpuMsPerRequest: cpu / (r.rps * SECONDS) });
    }
  }
  const before = cpuTicks(all.rewardkit.child.pid);
  const r = await wrk(dir, all.rewardkit.url, mathBody, CLIENTS, SECONDS);
  const cpu = (cpuTicks(all.rewardkit.child.pid) - before) * 10;
  cells['rewardkit math, 64 samples/request'] ??= [];
  cells['rewardkit math, 64 samples/request'].push({ ...r, cpuMsPerRequest: cpu / (r.rps * SECONDS) });
  // The same exact-match batch answered lean (`"details": false`: score and components only).
  const leanBefore = cpuTicks(all.rewardkit.child.pid);
  const lean = await wrk(dir, all.rewardkit.url, emLeanBody, CLIENTS, SECONDS);
  const leanCpu = (cpuTicks(all.rewardkit.child.pid) - leanBefore) * 10;
  cells[LEAN] ??= [];
  cells[LEAN].push({ ...lean, cpuMsPerRequest: leanCpu / (lean.rps * SECONDS) });
  // Fixed-rate latency at 1,000 samples/s (open loop from this process; each server alone in turn, every round,
  // so one unlucky run cannot set the figure).
  const order = names.map((_, i) => names[(i + round) % names.length] as Name);
  for (const n of order) {
    (open[`${n}, 1 sample each`] ??= []).push(await openLoop(all[n].url, oneBody, 1000, SECONDS));
  }
  // 15.6 requests/s: 24 s gives 375 requests, so the p99 is the 4th slowest rather than one outlier.
  (open['rewardkit, 64 samples each'] ??= []).push(
    await openLoop(all.rewardkit.url, emBody, 1000 / BATCH, Math.max(SECONDS, 24)),
  );
}
for (const n of wrkNames) await stop(all[n].child);

const mmm = (xs: number[], digits = 3) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${fmt(s[0] as number, digits)} / ${fmt(s[Math.floor(s.length / 2)] as number, digits)} / ${fmt(s[s.length - 1] as number, digits)}`;
};
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const peer = 'python = py_peer.py: FastAPI async route, uvicorn loop=uvloop http=httptools';
console.log(`\n### server: ${ROUNDS} alternated rounds, wrk -t1 -c${CLIENTS}, ${SECONDS} s per cell (${machine()})\n`);
console.log(`${peer}; bare = Node http, JSON.parse + same-size answer; answer sizes at 64: ${sizes.join(', ')}\n`);
console.log(
  table(
    [
      'server',
      'req/s min/med/max',
      'samples/s (med)',
      'p50 ms (med)',
      'p99 ms (med)',
      'CPU ms/req min/med/max',
      'wrk cores (max)',
      'errors',
    ],
    Object.entries(cells).map(([key, cs]) => [
      key,
      mmm(cs.map((c) => c.rps)),
      key.startsWith('bare') ? '-' : fmt(med(cs.map((c) => c.rps)) * (key.includes('64') ? BATCH : 1)),
      fmt(med(cs.map((c) => c.p50))),
      fmt(med(cs.map((c) => c.p99))),
      mmm(cs.map((c) => c.cpuMsPerRequest)),
      fmt(Math.max(...cs.map((c) => c.wrkCores)), 2),
      cs.reduce((a, c) => a + c.errors, 0),
    ]),
  ),
);
const ratio = (a: string, b: string, f: (c: Cell) => number) =>
  (cells[a] as Cell[]).map((c, i) => f(c) / f((cells[b] as Cell[])[i] as Cell));
console.log('\n### ratios per round (min / median / max)\n');
console.log(
  table(
    ['ratio', ...bodies.map((b) => b.label)],
    [
      [
        'rewardkit / python req/s (target >= 3x at 64, >= 2x at 1)',
        ...bodies.map((b) =>
          mmm(
            ratio(`rewardkit ${b.label}`, `python ${b.label}`, (c) => c.rps),
            2,
          ),
        ),
      ],
      [
        'rewardkit / python CPU per request (target <= 0.4x at 64)',
        ...bodies.map((b) =>
          mmm(
            ratio(`rewardkit ${b.label}`, `python ${b.label}`, (c) => c.cpuMsPerRequest),
            2,
          ),
        ),
      ],
      [
        'rewardkit / bare req/s',
        ...bodies.map((b) =>
          mmm(
            ratio(`rewardkit ${b.label}`, `bare ${b.label}`, (c) => c.rps),
            2,
          ),
        ),
      ],
      [
        'rewardkit / rewardkit on node:http (rawHttp: false) req/s',
        ...bodies.map((b) =>
          mmm(
            ratio(`rewardkit ${b.label}`, `rewardkit on node:http ${b.label}`, (c) => c.rps),
            2,
          ),
        ),
      ],
      [
        'python / bare req/s',
        ...bodies.map((b) =>
          mmm(
            ratio(`python ${b.label}`, `bare ${b.label}`, (c) => c.rps),
            2,
          ),
        ),
      ],
    ],
  ),
);
const leanVsPython = (f: (c: Cell) => number) => mmm(ratio(LEAN, 'python 64 samples/request', f), 2);
console.log(
  `\nlean answers at 64 (rewardkit lean / python, per round): req/s ${leanVsPython((c) => c.rps)}, CPU per request ${leanVsPython((c) => c.cpuMsPerRequest)}`,
);
console.log(`\nparity on the 64-sample batch: ${parity}`);
console.log(
  `\n### latency at 1,000 samples/s (open loop, exact-match, one run per server per round; target p99 < 5 ms)\n`,
);
console.log(
  table(
    ['server, requests', 'req/s (med)', 'p50 ms min/med/max', 'p99 ms min/med/max', 'errors'],
    Object.entries(open).map(([name, rs]) => [
      name,
      fmt(med(rs.map((r) => r.requests / r.seconds))),
      mmm(rs.map((r) => quantile(r.latencies, 0.5))),
      mmm(rs.map((r) => quantile(r.latencies, 0.99))),
      rs.reduce((a, r) => a + r.errors, 0),
    ]),
  ),
);
// Start-up: --version, kinds and the first answer after serve (bench/server/startup.ts).
await startupBench();
