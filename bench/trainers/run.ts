// bench/trainers: the trainers' own call patterns against `rewardkit serve` in its own process on loopback.
//  1. verl's reward loop (a task per sample) through the Python client: one urllib request per sample (the
//     client before this change, the baseline) vs compute_score (pooled) vs compute_score_async (batched).
//  2. An OpenRLHF burst: N concurrent single-sample POST /openrlhf/<spec>, each on its own connection, retried as
//     OpenRLHF does (5 tries, 1 s apart, Retry-After ignored): lost requests, 429s, p50/p99 latency.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, table } from '../lib/measure.js';

const repo = new URL('../..', import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;
const VERL_SAMPLES = Number(process.env.BENCH_VERL_SAMPLES ?? 2048);
const BURST = Number(process.env.BENCH_BURST ?? 3000);
const SPEC = process.env.BENCH_SPEC ?? 'math-r1';
const errorCodes = new Map<string, number>();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts `rewardkit serve` over specs/ with the shipped defaults, plus `limits` overrides when given. */
async function startServer(limits?: Record<string, number>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const config = join(mkdtempSync(join(tmpdir(), 'rk-bench-trainers-')), 'rewardkit.yaml');
  writeFileSync(config, JSON.stringify({ specDirs: [join(repo, 'specs')], traces: { enabled: false }, limits }));
  const args = ['--import', 'tsx', join(repo, 'src/cli/main.ts'), 'serve', '--config', config];
  const child = spawn(process.execPath, [...args, '--port', String(port), '--log-level', 'warn'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server never became ready');
}

interface Attempt {
  status: number;
  ms: number;
}

/** One POST on a fresh connection (OpenRLHF opens an aiohttp session per request). */
function postOnce(base: string, path: string, body: string, agent: Agent): Promise<Attempt> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.setTimeout(180_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      errorCodes.set(err.code ?? err.message, (errorCodes.get(err.code ?? err.message) ?? 0) + 1);
      resolve({ status: 0, ms: performance.now() - started });
    });
    req.end(body);
  });
}

async function openrlhfBurst(base: string): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const prompt = '<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n';
  const statuses: number[] = [];
  const latencies: number[] = [];
  let lost = 0;
  let resets = 0;
  const one = async (i: number): Promise<void> => {
    const response = i % 2 ? '<think>\n2+2\n</think>\n<answer>4</answer>' : '<answer>5</answer>';
    const body = JSON.stringify({ query: [`${prompt}${response}<|im_end|>`], prompts: [prompt], labels: ['4'] });
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await postOnce(base, `/openrlhf/${SPEC}`, body, agent);
      statuses.push(r.status);
      if (r.status === 0) resets++;
      if (r.status === 200) {
        latencies.push(r.ms);
        return;
      }
      await new Promise((res) => setTimeout(res, 1000));
    }
    lost++;
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: BURST }, (_, i) => one(i)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    requests: BURST,
    lost,
    answered: latencies.length,
    refused429: statuses.filter((s) => s === 429).length,
    connectionErrors: resets,
    otherFailures: statuses.filter((s) => s !== 200 && s !== 429 && s !== 0).length,
    p50ms: q(0.5),
    p99ms: q(0.99),
    maxms: latencies[latencies.length - 1] ?? Number.NaN,
    seconds,
  };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

console.log(`machine: ${machine()}; spec ${SPEC}`);
{
  const { child, base } = await startServer();
  try {
    const verl = spawnSync(
      'python3',
      [join(here, 'verl_loop.py'), join(repo, 'clients/python'), base, String(VERL_SAMPLES), SPEC],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (verl.status !== 0) throw new Error(`verl_loop.py failed: ${verl.stderr}`);
    const v = JSON.parse(verl.stdout) as Record<string, { samples_per_s: number; same_scores: boolean }>;
    const baseline = v.baseline?.samples_per_s ?? Number.NaN;
    console.log(`\nverl reward loop, ${VERL_SAMPLES} samples in one step (a task per sample):`);
    const rows = Object.entries(v).map(([name, r]) => [
      name,
      r.samples_per_s.toFixed(0),
      (r.samples_per_s / baseline).toFixed(1),
      String(r.same_scores),
    ]);
    console.log(table(['client', 'samples/s', 'x baseline', 'same scores'], rows));
  } finally {
    await stop(child);
  }
}
for (const [label, limits] of [
  ['shipped limits', undefined],
  ['limits.maxConnections: 4096', { maxConnections: 4096 }],
] as const) {
  const { child, base } = await startServer(limits);
  try {
    errorCodes.clear();
    const burst = await openrlhfBurst(base);
    console.log(
      `\nOpenRLHF burst (${label}): ${BURST} concurrent single-sample requests, a connection each, 5 tries 1 s apart:`,
    );
    if (errorCodes.size) console.log(`connection errors, retried: ${JSON.stringify(Object.fromEntries(errorCodes))}`);
    const cells = Object.values(burst).map((x) => (Number.isInteger(x) ? String(x) : x.toFixed(1)));
    console.log(table(Object.keys(burst), [cells]));
  } finally {
    await stop(child);
  }
}
