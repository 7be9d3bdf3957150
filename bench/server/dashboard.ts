// bench/server/dashboard: how long each dashboard query holds the server's main thread on a full trace store
// (BENCH_DASHBOARD_SAMPLES samples of a three-term spec in the last hour, default 100k), next to the baseline of
// reading the same window's rows the way `rewardkit traces` does (queryTraces). Median of 5 runs after a warm-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, distribution } from '../../src/server/dashboard/distribution-query.js';
import { TraceQueries } from '../../src/server/dashboard/queries.js';
import { bucketFor, overviewOf } from '../../src/server/dashboard/query.js';
import { listRequests, requestDetail } from '../../src/server/dashboard/requests-query.js';
import { queryTraces } from '../../src/server/traces/trace-query.js';
import { openTraceDb, TraceStore } from '../../src/server/traces/trace-store.js';
import { fmt, machine, table } from '../lib/measure.js';

const SAMPLES = Number(process.env.BENCH_DASHBOARD_SAMPLES ?? 100_000);
const PER_REQUEST = 64;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-bench-dashboard-'));
const path = join(dir, 'traces.sqlite');
const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7 });
const now = Date.now();
const HOUR = 3_600_000;

for (let r = 0; r * PER_REQUEST < SAMPLES; r++) {
  const ts = now - HOUR + Math.floor((r * PER_REQUEST * HOUR) / SAMPLES);
  const results = Array.from({ length: PER_REQUEST }, (_, i) => {
    const correct = (r + i) % 3 === 0 ? 0 : 1;
    const format = i % 5 === 0 ? 0 : 1;
    const root = correct + 0.1 * format;
    return {
      status: 'scored' as const,
      score: root,
      components: { 'weighted-sum': root, correct, format, overlong: 0 },
      details: {
        weights: { correct: 1, format: 0.1, overlong: 1 },
        nodes: {
          correct: {
            status: 'scored',
            details: { gold: '42', answer: String(correct ? 42 : 41), extractedBy: 'boxed' },
          },
          format: { status: 'scored', details: { found: ['think', 'answer'], missing: [] } },
          overlong: { status: 'scored', details: { length: 300 + i, unit: 'tokens', penalty: 0 } },
        },
      },
    };
  });
  const samples = results.map((_, i) => ({
    prompt: `question ${r}.${i} `.repeat(8),
    response: `<think>${'x '.repeat(200)}</think>\\boxed{42}`,
    reference: '42',
  }));
  void store.record({
    requestId: `r${r}`,
    route: 'score',
    spec: 'composite',
    ts,
    durationMs: 5 + (r % 40),
    samples,
    results,
  });
  if (r % 50 === 0) store.flush();
}
store.flush();

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[2] as number;
}

const scope = { since: now - HOUR - 1, until: now + 1, spec: 'composite' };
const reader = openTraceDb(path, true);
const baseline = median(() => {
  let n = 0;
  for (const _ of queryTraces(reader, { since: scope.since, until: scope.until })) n++;
  return n;
});
const order = ['weighted-sum', 'correct', 'format', 'overlong'];
const half = { since: now - HOUR / 2, until: now + 1, spec: 'composite' };
const early = { since: scope.since, until: now - HOUR / 2, spec: 'composite' };
const rows: Array<[string, number]> = [
  ['overview (last hour)', median(() => overviewOf(store, scope, bucketFor(scope.since, scope.until)))],
  ['distribution (4 components)', median(() => distribution(store, scope, order, 20))],
  ['compare (two half hours)', median(() => compare(store, early, half, order, 20))],
  ['requests (newest 50)', median(() => listRequests(store, { ...scope, limit: 50 }))],
  ['requests?status=error (none match)', median(() => listRequests(store, { ...scope, status: 'error', limit: 50 }))],
  ['requests/:seq (64 samples)', median(() => requestDetail(store, 1, 0, 100))],
];
// What the server's main thread feels: the longest gap between 1 ms timer ticks over 5 overviews, inline vs
// on the query thread.
async function longestStall(run: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let max = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 1);
  for (let i = 0; i < 5; i++) {
    await run();
    await new Promise((r) => setTimeout(r, 5));
  }
  clearInterval(probe);
  return max;
}
const queries = new TraceQueries(store);
await queries.run('overview', scope, bucketFor(scope.since, scope.until));
const stallInline = await longestStall(async () => overviewOf(store, scope, bucketFor(scope.since, scope.until)));
const stallThread = await longestStall(() => queries.run('overview', scope, bucketFor(scope.since, scope.until)));
await queries.close();
reader.close();
store.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nbench/server/dashboard: ${SAMPLES.toLocaleString('en-US')} traced samples in the window; ${machine()}\n`,
);
console.log(
  table(
    ['query', 'ms (median of 5)', 'x baseline'],
    [
      ['baseline: read the window as `rewardkit traces` does', fmt(baseline), '1.00x'],
      ...rows.map(([name, ms]) => [name, fmt(ms), `${(ms / baseline).toFixed(2)}x`]),
    ],
  ),
);
console.log(
  `\nlongest main-thread stall over 5 overviews: ${fmt(stallInline)} ms run inline, ${fmt(stallThread)} ms on the query thread (${(stallThread / stallInline).toFixed(3)}x)`,
);
