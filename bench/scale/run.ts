// Capacity of 1 vs 2 `rewardkit serve` replicas sharing a real redis-server (baseline: 1 replica, jobs in process), for a CPU-bound spec (math) and a
// model-calling one (an ordinal-logprob judge against the scripted backend, 50 ms a reply, in its own process).
// Per setup: a job through /v1/jobs (samples/s), then sync /v1/score batches round-robin over the replicas as a
// balancer would (samples/s, request p50/p95/p99), with each replica's event-loop lag and RSS from /metrics.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startRedis } from '../../test/scale/services.js';
import { fmt, machine, table } from '../lib/measure.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const JOB = { math: Number(process.env.BENCH_MATH ?? 6000), judge: Number(process.env.BENCH_JUDGE ?? 2400) };
const BATCH = 32;
const CLIENTS = 8;

const redis = await startRedis('everysec');
const backend = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('../backends/server.ts', import.meta.url).pathname],
  {
    env: { ...process.env, LATENCY_MS: '50' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const backendUrl = await new Promise<string>((resolve) =>
  createInterface({ input: backend.stdout }).once('line', resolve),
);
const dir = mkdtempSync(join(tmpdir(), 'rk-bench-scale-'));
writeFileSync(join(dir, 'math.yaml'), 'reward:\n  kind: math\n');
writeFileSync(
  join(dir, 'judge.yaml'),
  `backends:\n  default: {baseUrl: "${backendUrl}/v1", model: judge, concurrency: 64, retries: 0}\nreward:\n  kind: ordinal-logprob\n`,
);

function samplesOf(spec: 'math' | 'judge', n: number): unknown[] {
  return Array.from({ length: n }, (_, i) =>
    spec === 'math'
      ? {
          id: i,
          prompt: `q${i}`,
          response: `so the answer is \\boxed{\\frac{${i % 97}}{${(i % 7) + 2}}}`,
          reference: `${i % 97}/${(i % 7) + 2}`,
        }
      : {
          id: i,
          prompt: `Question ${i}: why is the sky blue?`,
          response: `Answer ${i}: light scatters; blue scatters most.`,
        },
  );
}

interface Replica {
  url: string;
  child: ChildProcess;
}

function startReplica(prefix: string, viaRedis: boolean): Promise<Replica> {
  const file = join(dir, `${prefix}.json`);
  const config = {
    specDirs: [dir],
    workers: 1,
    logLevel: 'error',
    traces: { enabled: false },
    cache: { enabled: false, path: join(dir, 'unused.sqlite') },
    jobs: { prefix, chunkSize: 256, concurrency: 2 },
  };
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--config', file, '--port', '0'], {
    env: viaRedis ? { ...process.env, REWARDKIT_REDIS_URL: redis.url } : process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve({ url: m[1] as string, child });
    });
    child.on('exit', (code) => reject(new Error(`replica exited ${code}: ${err}`)));
  });
}

async function post(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function runJob(replicas: Replica[], spec: string, samples: unknown[]): Promise<number> {
  const t0 = performance.now();
  const { job_id } = await post(`${replicas[0]?.url}/v1/jobs`, { spec, samples });
  for (;;) {
    const job = (await (await fetch(`${replicas[0]?.url}/v1/jobs/${job_id}`)).json()) as any;
    if (job.status === 'done') {
      const bad = job.results.filter((r: any) => r.status !== 'scored').length;
      if (bad)
        throw new Error(
          `${bad} samples not scored: ${JSON.stringify(job.results.find((r: any) => r.status !== 'scored'))}`,
        );
      return (performance.now() - t0) / 1000;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** CLIENTS concurrent clients send BATCH-sample requests round-robin over the replicas. */
async function runSync(
  replicas: Replica[],
  spec: string,
  samples: unknown[],
): Promise<{ seconds: number; ms: number[] }> {
  const batches: unknown[][] = [];
  for (let i = 0; i < samples.length; i += BATCH) batches.push(samples.slice(i, i + BATCH));
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < batches.length; b = next++) {
        const t = performance.now();
        await post(`${replicas[b % replicas.length]?.url}/v1/score`, { spec, samples: batches[b] });
        ms.push(performance.now() - t);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, ms };
}

/** Event-loop lag p99 and max (ms, since the last scrape) and RSS (MiB) of one replica. */
async function scrape(replica: Replica): Promise<{ lagP99: number; lagMax: number; rss: number }> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    lagP99: value('rewardkit_nodejs_eventloop_lag_p99_seconds') * 1000,
    lagMax: value('rewardkit_nodejs_eventloop_lag_max_seconds') * 1000,
    rss: value('rewardkit_process_resident_memory_bytes') / 2 ** 20,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

const rows: Array<Array<string | number>> = [];
const base: Record<string, { job: number; sync: number }> = {};
try {
  for (const spec of ['math', 'judge'] as const) {
    const samples = samplesOf(spec, JOB[spec]);
    // The baseline: one replica with jobs in process (no Redis); then 1 and 2 replicas on the Redis queue.
    for (const [queue, n] of [
      ['embedded', 1],
      ['redis', 1],
      ['redis', 2],
    ] as const) {
      const prefix = `bench-${spec}-${n}-${Date.now()}`;
      const replicas = await Promise.all(Array.from({ length: n }, () => startReplica(prefix, queue === 'redis')));
      await runJob(replicas, spec, samples.slice(0, 512)); // warm-up: workers compiled, connections open
      await Promise.all(replicas.map(scrape));
      const jobS = await runJob(replicas, spec, samples);
      const sync = await runSync(replicas, spec, samples);
      const stats = await Promise.all(replicas.map(scrape));
      for (const r of replicas) r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => new Promise((done) => r.child.once('exit', done))));
      const job = samples.length / jobS;
      const syncRate = samples.length / sync.seconds;
      base[spec] ??= { job, sync: syncRate };
      const b = base[spec] as { job: number; sync: number };
      rows.push([
        spec,
        `${n} (${queue})`,
        fmt(job),
        `${fmt(job / b.job)}×`,
        fmt(syncRate),
        `${fmt(syncRate / b.sync)}×`,
        `${fmt(pct(sync.ms, 50))} / ${fmt(pct(sync.ms, 95))} / ${fmt(pct(sync.ms, 99))}`,
        `${fmt(Math.max(...stats.map((s) => s.lagP99)))} / ${fmt(Math.max(...stats.map((s) => s.lagMax)))}`,
        stats.map((s) => fmt(s.rss)).join(' + '),
      ]);
    }
  }
} finally {
  backend.kill('SIGTERM');
  await redis.stop();
}

const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
console.log(`bench/scale — ${machine()}, load ${loadavg()[0]?.toFixed(2)}, commit ${commit}`);
console.log(
  `jobs: math ${JOB.math} / judge ${JOB.judge} samples, chunks of 256; sync: ${CLIENTS} clients × ${BATCH}-sample requests`,
);
console.log(
  'each replica: 1 scoring thread + its main thread; judge backend: scripted, 50 ms a reply, 64 in flight per replica\n',
);
console.log(
  table(
    [
      'spec',
      'replicas (jobs)',
      'job samples/s',
      'vs base',
      'sync samples/s',
      'vs base',
      'sync p50 / p95 / p99 ms',
      'loop lag p99 / max ms',
      'RSS MiB',
    ],
    rows,
  ),
);
