// The dashboard's JSON endpoints on their own: scored through the real server into a real SQLite trace store,
// read back with inject (and once over a real socket), checked against what the score answers said.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Comparison,
  Distribution,
  Overview,
  RequestDetail,
  RequestList,
} from '../../src/server/dashboard/api-types.js';
import { TraceQueries } from '../../src/server/dashboard/queries.js';
import { CAPS, overviewOf } from '../../src/server/dashboard/query.js';
import type { RewardServer } from '../../src/server/server.js';
import { TraceStore } from '../../src/server/traces/trace-store.js';
import { emSample, testServer } from './helpers.js';

const TOKEN = 'dashboard-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const tracePath = () => join(mkdtempSync(join(tmpdir(), 'rk-dash-')), 'traces.sqlite');

type Result = { status: string; code?: string; score?: number; components?: Record<string, number | null> };

let server: RewardServer;
const answers: Array<{ spec: string; results: Result[] }> = [];
let split = 0; // epoch ms between the first batches and the later ones

async function score(spec: string, samples: unknown[]): Promise<void> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/score', headers: auth, payload: { spec, samples } });
  expect(res.statusCode).toBe(200);
  answers.push({ spec, results: (res.json() as { results: Result[] }).results });
}

const get = async <T>(url: string, status = 200): Promise<T> => {
  const res = await server.app.inject({ url, headers: auth });
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  server = await testServer({ auth: { tokens: [TOKEN] }, traces: { path: tracePath() } });
  // Early: all right. Later: all wrong, plus invalid samples and an exact-match batch.
  await score('em-sum', [emSample(1), emSample(2), emSample(4)]);
  await score('em-sum', [emSample(5), emSample(7)]);
  await new Promise((r) => setTimeout(r, 20));
  split = Date.now();
  await new Promise((r) => setTimeout(r, 20));
  await score('em-sum', [emSample(0), emSample(3), { prompt: 'q', response: 7 }]);
  await score('exact-match', [emSample(6), emSample(8), { response: 'no prompt' }]);
});
afterAll(() => server.close());

const all = () => answers.flatMap((a) => a.results.map((r) => ({ spec: a.spec, ...r })));

describe('GET /v1/dashboard/overview', () => {
  it('counts requests, samples, statuses and codes as the score answers said, in total and per spec', async () => {
    const o = await get<Overview>('/v1/dashboard/overview');
    const results = all();
    expect(o.traces).toBe(true);
    expect(o.totals.requests).toBe(answers.length);
    expect(o.totals.samples).toBe(results.length);
    expect(o.totals.statuses).toEqual({ scored: 9, error: 2 });
    expect(o.totals.codes).toEqual({ 'invalid-sample': 2 });
    expect(o.totals.unscored_rate).toBeCloseTo(2 / 11, 12);
    expect(o.capped).toBe(false);
    for (const spec of ['em-sum', 'exact-match']) {
      const scores = results.filter((r) => r.spec === spec && r.status === 'scored').map((r) => r.score as number);
      const row = o.specs.find((s) => s.spec === spec);
      expect(row?.score.n).toBe(scores.length);
      expect(row?.score.mean).toBeCloseTo(mean(scores), 12);
      expect(row?.requests).toBe(answers.filter((a) => a.spec === spec).length);
    }
    // Every sample lands in one bucket; the live counters (since start) agree with the traces (sample rate 1).
    expect(o.series.reduce((n, b) => n + b.samples, 0)).toBe(11);
    expect(o.series.reduce((n, b) => n + b.requests, 0)).toBe(4);
    expect(o.live.samples).toEqual({ 'em-sum': { scored: 7, error: 1 }, 'exact-match': { scored: 2, error: 1 } });
    expect(o.live.errors).toEqual({ 'invalid-sample': 2 });
    expect(o.live.backends.cache_hit_rate).toBeNull();
  });

  it('narrows to a spec and a window', async () => {
    const o = await get<Overview>('/v1/dashboard/overview?spec=em-sum&until=' + split);
    expect(o.totals.samples).toBe(5);
    expect(o.totals.statuses).toEqual({ scored: 5 });
    expect(o.specs.map((s) => s.spec)).toEqual(['em-sum']);
    const later = await get<Overview>(`/v1/dashboard/overview?since=${split}`);
    expect(later.totals.samples).toBe(6);
  });

  it('says when it read only the newest rows', async () => {
    const store = new TraceStore({ path: tracePath(), sampleRate: 1, retentionDays: 7 });
    const results = [{ status: 'scored' as const, score: 1 }];
    for (let i = 0; i < 6; i++) {
      await store.record({
        requestId: `r${i}`,
        route: 'score',
        spec: 's',
        ts: 1000 + i,
        durationMs: 1,
        samples: [{}],
        results,
      });
    }
    const saved = CAPS.samples;
    CAPS.samples = 4;
    try {
      const o = overviewOf(store, { since: 0, until: 2000 }, 1000);
      expect(o.capped).toBe(true);
      expect(o.scanned).toBe(4);
      CAPS.samples = 6;
      expect(overviewOf(store, { since: 0, until: 2000 }, 1000).capped).toBe(false);
    } finally {
      CAPS.samples = saved;
      store.close();
    }
  });
});

describe('the query thread', () => {
  it('answers what the same query answers on the main thread, and refuses a ninth waiting query', async () => {
    const path = tracePath();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7 });
    const results = [{ status: 'scored' as const, score: 0.5, components: { root: 0.5 } }];
    for (let i = 0; i < 5; i++) {
      await store.record({
        requestId: `r${i}`,
        route: 'score',
        spec: 's',
        ts: 1000 + i,
        durationMs: i,
        samples: [{}],
        results,
      });
    }
    const queries = new TraceQueries(store);
    try {
      const scope = { since: 0, until: 2000 };
      expect(await queries.run('overview', scope, 1000)).toEqual(overviewOf(store, scope, 1000));
      const list = await queries.run('requests', { ...scope, limit: 3 });
      expect(list.requests.map((r) => r.request_id)).toEqual(['r4', 'r3', 'r2']);
      const runs = Array.from({ length: 10 }, () => queries.run('overview', scope, 1000));
      const settled = await Promise.allSettled(runs);
      expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
      const refused = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.code).toBe('overloaded');
    } finally {
      await queries.close();
      store.close();
    }
  });
});

describe('GET /v1/dashboard/distribution and /compare', () => {
  it('bins every component (the root included) with the means of the answers', async () => {
    const d = await get<Distribution>('/v1/dashboard/distribution?spec=em-sum&bins=4');
    const scored = all().filter((r) => r.spec === 'em-sum' && r.status === 'scored');
    // The spec's order: root first, then its terms.
    expect(d.components.map((c) => c.component)).toEqual(['weighted-sum', 'loose', 'strict']);
    for (const c of d.components) {
      const values = scored.map((r) => r.components?.[c.component] as number);
      expect(c.n).toBe(values.length);
      expect(c.mean).toBeCloseTo(mean(values), 12);
      expect(c.bins.reduce((n, b) => n + b.n, 0)).toBe(values.length);
      expect(c.series.reduce((n, b) => n + b.n, 0)).toBe(values.length);
    }
  });

  it('compares two windows on shared bins: all right before, all wrong after, KS = 1', async () => {
    const c = await get<Comparison>(`/v1/dashboard/compare?spec_a=em-sum&until_a=${split}&since_b=${split}&bins=5`);
    const root = c.shift.find((s) => s.component === 'weighted-sum');
    expect(root).toMatchObject({ mean_a: 1, mean_b: 0, delta: -1, ks: 1 });
    const a = c.a.components.find((x) => x.component === 'weighted-sum');
    const b = c.b.components.find((x) => x.component === 'weighted-sum');
    expect(a?.bins.map((x) => x.lo)).toEqual(b?.bins.map((x) => x.lo));
    expect(a?.bins.at(-1)?.n).toBe(5);
    expect(b?.bins[0]?.n).toBe(2);
  });
});

describe('GET /v1/dashboard/requests', () => {
  it('lists newest first and filters by status, code, spec and request id, with pages', async () => {
    const list = await get<RequestList>('/v1/dashboard/requests');
    expect(list.requests.map((r) => r.spec)).toEqual(['exact-match', 'em-sum', 'em-sum', 'em-sum']);
    expect(list.requests[0]?.statuses).toEqual({ scored: 2, error: 1 });
    const errors = await get<RequestList>('/v1/dashboard/requests?status=error');
    expect(errors.requests.map((r) => r.spec)).toEqual(['exact-match', 'em-sum']);
    const coded = await get<RequestList>('/v1/dashboard/requests?code=invalid-sample&spec=em-sum');
    expect(coded.requests).toHaveLength(1);
    expect((await get<RequestList>('/v1/dashboard/requests?status=unscorable')).requests).toEqual([]);
    const byId = await get<RequestList>(`/v1/dashboard/requests?request_id=${list.requests[2]?.request_id}`);
    expect(byId.requests.map((r) => r.seq)).toEqual([list.requests[2]?.seq]);
    const page1 = await get<RequestList>('/v1/dashboard/requests?limit=3');
    expect(page1.requests).toHaveLength(3);
    const page2 = await get<RequestList>(`/v1/dashboard/requests?limit=3&before=${page1.next_before}`);
    expect(page2.requests.map((r) => r.seq)).toEqual([list.requests[3]?.seq]);
    expect(page2.next_before).toBeNull();
  });

  it('opens one request to its samples with every node and its details', async () => {
    const list = await get<RequestList>('/v1/dashboard/requests?spec=em-sum&status=error');
    const seq = list.requests[0]?.seq as number;
    const d = await get<RequestDetail>(`/v1/dashboard/requests/${seq}`);
    expect(d.samples.map((s) => s.status)).toEqual(['scored', 'scored', 'error']);
    const first = d.samples[0]?.result as { components: Record<string, number>; details: { nodes: object } };
    expect(Object.keys(first.details.nodes).sort()).toEqual(['loose', 'strict']);
    expect(first.components).toEqual(answers[2]?.results[0]?.components);
    expect(d.samples[2]?.code).toBe('invalid-sample');
    const page = await get<RequestDetail>(`/v1/dashboard/requests/${seq}?offset=1&limit=1`);
    expect(page.samples.map((s) => s.index)).toEqual([1]);
    await get(`/v1/dashboard/requests/999999`, 404);
  });
});

describe('bad input and access', () => {
  it.each([
    ['/v1/dashboard/requests?stauts=error', 'stauts', 'did you mean "status"'],
    ['/v1/dashboard/requests?status=scord', 'status', 'did you mean "scored"'],
    ['/v1/dashboard/requests?code=no-referense', 'code', 'did you mean "no-reference"'],
    ['/v1/dashboard/requests?limit=0', 'limit', 'whole number from 1 to 500'],
    ['/v1/dashboard/overview?since=yesterday', 'since', 'cannot read "yesterday"'],
    ['/v1/dashboard/overview?since=1h&until=2h', 'until', 'later than since'],
    ['/v1/dashboard/overview?spec=a&spec=b', 'spec', 'more than once'],
    ['/v1/dashboard/distribution', 'spec', 'required'],
    ['/v1/dashboard/distribution?spec=em-sum&bins=1000', 'bins', '1 to 200'],
    ['/v1/dashboard/requests/abc', 'seq', 'whole number'],
  ])('%s is a 400 naming %s', async (url, field, words) => {
    const body = await get<{ error: { code: string; field: string; message: string } }>(url, 400);
    expect(body.error.code).toBe('bad-request');
    expect(body.error.field).toBe(field);
    expect(body.error.message).toContain(words);
  });

  it('needs the bearer token and is read-only', async () => {
    for (const url of ['/v1/dashboard/overview', '/v1/dashboard/requests', '/v1/dashboard/requests/1']) {
      const res = await server.app.inject({ url });
      expect(res.statusCode).toBe(401);
    }
    const post = await server.app.inject({ method: 'POST', url: '/v1/dashboard/overview', headers: auth, payload: {} });
    expect(post.statusCode).toBe(404);
    const del = await server.app.inject({ method: 'DELETE', url: '/v1/dashboard/requests/1', headers: auth });
    expect(del.statusCode).toBe(404);
    const res = await server.app.inject({ url: '/v1/dashboard/overview', headers: auth });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the trace store answers read-only statements only', () => {
    const store = new TraceStore({ path: tracePath(), sampleRate: 1, retentionDays: 7 });
    try {
      expect(store.select<{ n: number }>('SELECT COUNT(*) AS n FROM samples')).toEqual([{ n: 0 }]);
      expect(() => store.select('DELETE FROM samples')).toThrow(/read-only/);
      expect(() => store.select('UPDATE requests SET spec = ?', ['x'])).toThrow(/read-only/);
    } finally {
      store.close();
    }
  });
});

describe('with traces off, and over a socket', () => {
  it('keeps the live counters and says the trace endpoints have nothing', async () => {
    const off = await testServer();
    try {
      await off.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'em-sum', samples: [emSample(1)] } });
      const o = (await off.app.inject({ url: '/v1/dashboard/overview' })).json() as Overview;
      expect(o.traces).toBe(false);
      expect(o.totals.samples).toBe(0);
      expect(o.live.samples).toEqual({ 'em-sum': { scored: 1 } });
      const list = await off.app.inject({ url: '/v1/dashboard/requests' });
      expect(list.statusCode).toBe(404);
      expect(list.json().error.message).toContain('trace store is off');
    } finally {
      await off.close();
    }
  });

  it('answers over a real listening socket with the token', async () => {
    const url = await server.listen();
    const denied = await fetch(`${url}/v1/dashboard/overview`);
    expect(denied.status).toBe(401);
    const res = await fetch(`${url}/v1/dashboard/overview?spec=exact-match`, { headers: auth });
    expect(res.status).toBe(200);
    const o = (await res.json()) as Overview;
    expect(o.totals).toMatchObject({ requests: 1, samples: 3, statuses: { scored: 2, error: 1 } });
  });
});
