// bench/server/fuzz: random bodies (test/server/fuzz-bodies.ts) through a real server with worker threads until
// BENCH_FUZZ_SAMPLES samples (default 100,000) have been sent, 8 requests in flight. Every request must get a
// well-formed answer (one result per sample, or our coded error), no result may be internal/reward-failed,
// and the server must still answer /health at the end.
import { Agent } from 'node:http';
import { answered, fuzzBodies } from '../../test/server/fuzz-bodies.js';
import { testServer } from '../../test/server/helpers.js';
import { machine } from '../lib/measure.js';
import { post } from './load.js';

const TARGET = Number(process.env.BENCH_FUZZ_SAMPLES ?? 100_000);
const IN_FLIGHT = 8;
const seed = Number(process.env.BENCH_FUZZ_SEED ?? 2026);

const server = await testServer({ workers: 2, logLevel: 'silent' });
const url = new URL(await server.listen());
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const next = fuzzBodies(seed);

const scoreUrl = new URL('/v1/score', url);
// A connection failure counts as status 0 (an unanswered request), never a crash of the run.
const postBody = (body: string) => post(agent, scoreUrl, body).catch(() => ({ status: 0, text: '' }));

let samples = 0;
let requests = 0;
const failures: string[] = [];
const statuses = new Map<number, number>();
const started = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (samples < TARGET) {
      const sent = next();
      samples += sent.samples ?? 0;
      requests++;
      const res = await postBody(sent.body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (!answered(res.status, res.text, sent)) failures.push(`${res.status} ${res.text.slice(0, 200)}`);
    }
  }),
);
const health = await fetch(new URL('/health', url));
agent.destroy();
await server.close();
const seconds = (performance.now() - started) / 1000;
console.log(`bench/server/fuzz on ${machine()}, seed ${seed}`);
console.log(
  `${requests} requests, ${samples} samples in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
);
console.log(`unanswered or malformed answers: ${failures.length}; /health at the end: ${health.status}`);
for (const f of failures.slice(0, 5)) console.log(`  ${f}`);
if (failures.length > 0 || health.status !== 200) process.exitCode = 1;
