import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFilter } from '../../src/cli/traces.js';
import { parseTime, queryTraces, traceSummary } from '../../src/server/traces/trace-query.js';
import { openTraceDb, type TraceRecord, TraceStore } from '../../src/server/traces/trace-store.js';
import { emSample, testServer } from './helpers.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'rk-traces-')), 'traces.sqlite');

function record(id: string, ts: number, spec: string, scores: Array<number | null>): TraceRecord {
  return {
    requestId: id,
    route: 'score',
    spec,
    ts,
    durationMs: 1,
    samples: scores.map((_, i) => ({ prompt: 'q', response: `r${i}` })),
    results: scores.map((score) =>
      score === null ? { status: 'unscorable', code: 'no-reference', message: 'm' } : { status: 'scored', score },
    ),
  };
}

describe('TraceStore', () => {
  it('commits before resolving and answers queries by spec, status, time and score', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7 });
    await Promise.all([
      store.record(record('r1', 1_000, 'a', [1, 0, null])),
      store.record(record('r2', 2_000, 'b', [0.5])),
    ]);
    const reader = openTraceDb(path, true); // a second connection sees the commit
    const all = [...queryTraces(reader, {})];
    expect(all.map((r) => [r.request_id, r.index, r.score])).toEqual([
      ['r1', 0, 1],
      ['r1', 1, 0],
      ['r1', 2, null],
      ['r2', 0, 0.5],
    ]);
    expect(all[1]?.sample).toEqual({ prompt: 'q', response: 'r1' });
    expect(all[3]?.time).toBe('1970-01-01T00:00:02.000Z');
    expect([...queryTraces(reader, { spec: 'b' })]).toHaveLength(1);
    expect([...queryTraces(reader, { status: 'unscorable' })].map((r) => r.code)).toEqual(['no-reference']);
    expect([...queryTraces(reader, { minScore: 0.5 })].map((r) => r.score)).toEqual([1, 0.5]);
    expect([...queryTraces(reader, { maxScore: 0.5, since: 1_500 })].map((r) => r.score)).toEqual([0.5]);
    expect([...queryTraces(reader, { until: 1_500, limit: 2 })]).toHaveLength(2);
    expect([...queryTraces(reader, { requestId: 'r2' })]).toHaveLength(1);
    expect(traceSummary(reader)).toEqual([
      { spec: 'a', status: 'scored', n: 2 },
      { spec: 'a', status: 'unscorable', n: 1 },
      { spec: 'b', status: 'scored', n: 1 },
    ]);
    // --summary honours the other filters (--spec, --status, ...)
    expect(traceSummary(reader, { spec: 'a', status: 'scored' })).toEqual([{ spec: 'a', status: 'scored', n: 2 }]);
    expect(traceSummary(reader, { status: 'unscorable' })).toEqual([{ spec: 'a', status: 'unscorable', n: 1 }]);
    reader.close();
    store.close();
  });

  it('prunes past the retention window', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 1 });
    const now = 10 * 86_400_000;
    await store.record(record('old', now - 2 * 86_400_000, 'a', [1, 1]));
    await store.record(record('new', now - 1_000, 'a', [1]));
    expect(store.prune(now)).toBe(2);
    const reader = openTraceDb(path, true);
    expect([...queryTraces(reader, {})].map((r) => r.request_id)).toEqual(['new']);
    reader.close();
    store.close();
  });

  it('samples requests at the configured rate', () => {
    let x = 0;
    const store = new TraceStore({ path: tempDb(), sampleRate: 0.25, retentionDays: 1, random: () => (x++ % 4) / 4 });
    expect(Array.from({ length: 8 }, () => store.sampled()).filter(Boolean)).toHaveLength(2);
    store.close();
    expect(new TraceStore({ path: tempDb(), sampleRate: 0, retentionDays: 1 }).sampled()).toBe(false);
  });
});

describe('traces from a running server', () => {
  it('holds every answered request with per-component results', async () => {
    const path = tempDb();
    const server = await testServer({ traces: { enabled: true, path } });
    const samples = [emSample(1), emSample(3), { prompt: 'q', response: 5 }];
    const res = await server.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'em-sum', samples } });
    const requestId = res.json().request_id;
    const reader = openTraceDb(path, true);
    const rows = [...queryTraces(reader, { requestId })];
    expect(rows.map((r) => r.status)).toEqual(['scored', 'scored', 'error']);
    expect(rows[0]?.result).toMatchObject({ components: { 'weighted-sum': 1, loose: 1, strict: 1 } });
    expect(rows[2]?.sample).toEqual({ prompt: 'q', response: 5 });
    reader.close();
    await server.close();
  });
});

describe('rewardkit traces flags', () => {
  it('reads times as ISO, epoch ms or a duration ago', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(parseTime('2h', now)).toBe(now - 7_200_000);
    expect(parseTime('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTime('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseTime('1767225600000')).toBe(1767225600000);
    expect(() => parseTime('yesterday-ish')).toThrow(/cannot read "yesterday-ish"/);
  });

  it('builds a filter and rejects bad values by flag name', () => {
    expect(traceFilter({ spec: 's', status: 'error', minScore: '0.5', limit: '3' }, 0)).toMatchObject({
      spec: 's',
      status: 'error',
      minScore: 0.5,
      limit: 3,
    });
    expect(() => traceFilter({ status: 'bad' })).toThrow(/--status must be one of/);
    expect(() => traceFilter({ maxScore: 'x' })).toThrow(/--max-score must be a number/);
  });
});
