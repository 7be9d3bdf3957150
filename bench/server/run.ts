// bench/server: req/s, samples/s and p50/p99 latency of `rewardkit serve` (exact-match and math specs) next to
// a bare Node http server answering a fixed body and a Python FastAPI/uvicorn server computing the same
// exact-match reward. Each server runs alone, in its own process, on loopback; the load generator is this process.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, machine, table } from '../lib/measure.js';
import { closedLoop, type LoadResult, openLoop, post, quantile } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
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

interface Row {
  name: string;
  result: LoadResult;
  samplesPerRequest: number;
  cpuSeconds: number;
}

async function measure(name: string, command: string, args: string[], body: string, n: number): Promise<Row> {
  const { child, url } = await start(command, args);
  try {
    await closedLoop(url, body, CLIENTS, 1); // warm-up
    const before = cpuTicks(child.pid);
    const result = await closedLoop(url, body, CLIENTS, SECONDS);
    const cpuSeconds = (cpuTicks(child.pid) - before) / 100;
    return { name, result, samplesPerRequest: n, cpuSeconds };
  } finally {
    await stop(child);
  }
}

const rk = (extra: string[] = []) => [
  join(repo, 'dist/cli/main.js'),
  'serve',
  ...['--specs', dir, '--port', '$PORT', '--log-level', 'warn', '--no-traces', ...extra],
];

const oneBody = JSON.stringify({ spec: 'exact-match', samples: [emSamples[1]] });
const bareArgs = [join(here, 'bare.mjs'), '$PORT'];
const pyArgs = [join(here, 'py_baseline.py'), '$PORT'];
const traced = [...rk().filter((a) => a !== '--no-traces'), '--traces', join(dir, 'traces.sqlite')];
const hasPython =
  existsSync(PYTHON) && execSync(`${PYTHON} -c "import fastapi, uvicorn" 2>&1 || true`).toString() === '';

execSync('npm run build --silent', { cwd: repo, stdio: 'inherit' });
const rows: Row[] = [];
rows.push(await measure('bare Node http, fixed JSON (64-sample body)', process.execPath, bareArgs, emBody, 0));
rows.push(await measure('rewardkit exact-match, 64 samples/request', process.execPath, rk(), emBody, BATCH));
rows.push(await measure('rewardkit exact-match, 64/request, traces on', process.execPath, traced, emBody, BATCH));
rows.push(await measure('rewardkit math, 64 samples/request', process.execPath, rk(), mathBody, BATCH));
if (hasPython) rows.push(await measure('Python FastAPI exact-match, 64/request', PYTHON, pyArgs, emBody, BATCH));
rows.push(await measure('bare Node http, fixed JSON (1-sample body)', process.execPath, bareArgs, oneBody, 0));
rows.push(await measure('rewardkit exact-match, 1 sample/request', process.execPath, rk(), oneBody, 1));
if (hasPython) rows.push(await measure('Python FastAPI exact-match, 1/request', PYTHON, pyArgs, oneBody, 1));
let parity = 'not checked';
if (hasPython) {
  // Same reward on both sides: compare the scores on the bench batch.
  const a = await start(PYTHON, pyArgs);
  const b = await start(process.execPath, rk());
  const agent = new Agent();
  const scores = async (url: URL) =>
    (JSON.parse((await post(agent, url, emBody)).text) as { results: Array<{ score?: number }> }).results.map(
      (r) => r.score,
    );
  const [pa, pb] = [await scores(a.url), await scores(b.url)];
  parity = `${pa.filter((x, i) => x === pb[i]).length}/${BATCH} equal scores`;
  await stop(a.child);
  await stop(b.child);
}

// Latency as a trainer sees it at 1,000 samples/s: one-sample requests (OpenRLHF style) and 64-sample batches.
const { child, url } = await start(process.execPath, rk());
await closedLoop(url, emBody, CLIENTS, 1);
const open1 = await openLoop(url, oneBody, 1000, SECONDS);
const open64 = await openLoop(url, emBody, 1000 / BATCH, Math.max(SECONDS, 8));
await stop(child);

const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
const rps = (r: Row) => r.result.requests / r.result.seconds;
const sps = (r: Row) => (r.result.requests * r.samplesPerRequest) / r.result.seconds;
const bareFor = (r: Row) => (r.name.includes('64') ? rows[0] : find('bare Node http, fixed JSON (1')) as Row;
console.log(`\n### server: ${CLIENTS} clients, ${SECONDS} s each (${machine()})\n`);
console.log(
  table(
    ['server', 'req/s', 'samples/s', 'p50 ms', 'p99 ms', 'req/s vs bare', 'server CPU s', 'errors'],
    rows.map((r) => [
      r.name,
      fmt(rps(r)),
      r.samplesPerRequest ? fmt(sps(r)) : '-',
      fmt(quantile(r.result.latencies, 0.5)),
      fmt(quantile(r.result.latencies, 0.99)),
      `${fmt(rps(r) / rps(bareFor(r)), 2)}x`,
      fmt(r.cpuSeconds),
      r.result.errors,
    ]),
  ),
);
console.log('\n### latency at 1,000 samples/s (open loop, exact-match)\n');
const openRow = (name: string, r: LoadResult) => [
  name,
  fmt(r.requests / r.seconds),
  fmt(quantile(r.latencies, 0.5)),
  fmt(quantile(r.latencies, 0.99)),
  r.errors,
];
console.log(
  table(
    ['requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
    [openRow('1 sample each', open1), openRow('64 samples each', open64)],
  ),
);
const em64 = find('rewardkit exact-match, 64 samples') as Row;
const em1 = find('rewardkit exact-match, 1 sample') as Row;
const py64 = find('Python FastAPI exact-match, 64');
console.log('\nTargets:');
console.log(
  `- exact-match req/s vs bare Node (target >= 50%): ${fmt((100 * rps(em1)) / rps(bareFor(em1)))}% at 1 sample/request, ` +
    `${fmt((100 * rps(em64)) / rps(bareFor(em64)))}% at 64`,
);
console.log(
  py64
    ? `- samples/s vs the Python baseline (target >= 10x): ${fmt(sps(em64) / sps(py64), 2)}x (parity: ${parity})`
    : '- Python baseline skipped: apt-get install -y python3-fastapi python3-uvicorn',
);
console.log(
  `- p99 at 1,000 samples/s (target < 5 ms): ${fmt(quantile(open1.latencies, 0.99))} ms (1-sample requests), ` +
    `${fmt(quantile(open64.latencies, 0.99))} ms (64-sample requests)`,
);
