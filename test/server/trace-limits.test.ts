// Trace store hardening: owner-only files, capped values, rotation by size, and one bad record never drops another.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTraceValue } from '../../src/server/traces/trace-encode.js';
import { queryTraces } from '../../src/server/traces/trace-query.js';
import { openTraceDb, type TraceRecord, TraceStore } from '../../src/server/traces/trace-store.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'rk-trace-limits-')), 'traces.sqlite');

function record(id: string, sample: unknown): TraceRecord {
  return {
    requestId: id,
    route: 'score',
    spec: 's',
    ts: Date.now(),
    durationMs: 1,
    samples: [sample],
    results: [{ status: 'scored', score: 1 }],
  };
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('trace store limits', () => {
  it('stores what JSON.stringify would, for values under the cap', () => {
    const values = [
      { prompt: 'q', response: [{ role: 'user', content: 'hi "there"' }], n: 1.5, ok: true, none: null },
      [1, 'two', { three: [3] }, null],
      'plain',
      { skip: undefined, nan: Number.NaN, list: [undefined] },
    ];
    for (const v of values) expect(encodeTraceValue(v)).toBe(JSON.stringify(v));
  });

  it('creates the database owner-only (0600), WAL files included', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7 });
    await store.record(record('r', { prompt: 'q', response: 'a' }));
    for (const file of [path, `${path}-wal`]) if (existsSync(file)) expect(statSync(file).mode & 0o777).toBe(0o600);
    store.close();
  });

  it('stores a value past the cap as a truncation marker', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7, maxFieldBytes: 1000 });
    await store.record(record('big', { prompt: 'q', response: 'x'.repeat(100_000) }));
    const reader = openTraceDb(path, true);
    const [row] = [...queryTraces(reader, {})];
    expect(row?.sample).toMatchObject({ truncated: true, over: 1000, head: expect.stringMatching(/^\{"prompt":"q"/) });
    expect(JSON.stringify(row?.sample).length).toBeLessThan(2000);
    reader.close();
    store.close();
  });

  it('keeps the other records of a commit when one cannot be serialised', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7 });
    const writes = [record('ok-1', { a: 1 }), record('deep', deep(200_000)), record('ok-2', { a: 2 })].map((r) =>
      store.record(r),
    );
    await Promise.all(writes);
    const reader = openTraceDb(path, true);
    const rows = [...queryTraces(reader, {})];
    expect(rows.map((r) => r.request_id)).toEqual(['ok-1', 'deep', 'ok-2']);
    expect(rows[1]?.sample).toMatchObject({ truncated: true, head: expect.stringMatching(/^\[\[\[/) });
    reader.close();
    store.close();
  });

  it('rotates past maxBytes, keeping keepRotated old files', async () => {
    const path = tempDb();
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7, maxBytes: 64 * 1024, keepRotated: 2 });
    for (let i = 0; i < 400; i++) await store.record(record(`r${i}`, { prompt: 'q', response: 'y'.repeat(2000) }));
    store.close();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(statSync(`${path}.1`).mode & 0o777).toBe(0o600);
    expect(statSync(path).size).toBeLessThan(64 * 1024 * 4);
  });
});
