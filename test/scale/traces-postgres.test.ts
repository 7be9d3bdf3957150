// Traces in a real PostgreSQL: two replicas write, one query reads both; same rows as the SQLite store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryTracesPg, traceSummaryPg } from '../../src/server/traces/postgres-query.js';
import { migrate, tracePool } from '../../src/server/traces/postgres-store.js';
import { queryTraces } from '../../src/server/traces/trace-query.js';
import { openTraceDb } from '../../src/server/traces/trace-store.js';
import { call, inProcessReplica, jobSamples, MAIN, type Replica } from './helpers.js';
import { type PostgresService, startPostgres } from './services.js';

describe('traces in PostgreSQL', () => {
  let pg: PostgresService;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  it('migrates once under concurrent starts, and traces written by two replicas are read back from one query', async () => {
    const traces = { path: pg.url };
    const [a, b] = await Promise.all([inProcessReplica({ traces }), inProcessReplica({ traces })]);
    const sqlite = join(mkdtempSync(join(tmpdir(), 'rk-tr-')), 'traces.sqlite');
    const local: Replica = await inProcessReplica({ traces: { path: sqlite } });
    try {
      for (const [i, replica] of [a, b, local].entries()) {
        const samples = jobSamples(6).map((s) => ({ ...s, id: `${s.id}-${i === 1 ? 'b' : 'a'}` }));
        const sent = await call(`${replica.url}/v1/score`, 'POST', { spec: 'exact-match', samples });
        expect(sent.status).toBe(200);
      }
      const job = await call(`${b.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples: jobSamples(3) });
      expect(job.status).toBe(202);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await Promise.all([a.close(), b.close(), local.close()]);
    }
    const pool = tracePool(pg.url, 1);
    try {
      const client = await pool.connect();
      expect(await migrate(client)).toBe(2);
      client.release();
      const versions = await pool.query('SELECT version FROM rewardkit.migrations ORDER BY version');
      expect(versions.rows.map((r) => r.version)).toEqual([1, 2]);
      const replicas = await pool.query('SELECT DISTINCT replica FROM rewardkit.requests');
      expect(replicas.rowCount).toBe(1); // both in this process: one host:pid, written through two pools
      const rows = [];
      for await (const row of queryTracesPg(pool, { spec: 'exact-match' })) rows.push(row);
      expect(rows).toHaveLength(15);
      expect(rows.filter((r) => String((r.sample as { id: string }).id).endsWith('-a'))).toHaveLength(6);
      expect(rows.filter((r) => String((r.sample as { id: string }).id).endsWith('-b'))).toHaveLength(6);
      expect(await traceSummaryPg(pool, { minScore: 1 })).toEqual([{ spec: 'exact-match', status: 'scored', n: 8 }]);
      // The same rows as the SQLite store kept for the same samples (request id and time aside).
      const strip = (r: { request_id: string; time: string }) => ({ ...r, request_id: '', time: '' });
      const db = openTraceDb(sqlite, true);
      const fromSqlite = [...queryTraces(db, {})].map(strip);
      db.close();
      const fromPg = rows.slice(0, 6).map(strip);
      expect(fromPg).toEqual(fromSqlite);
    } finally {
      await pool.end();
    }
    // `rewardkit traces --db postgres://…` reads the shared store.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'traces', '--db', pg.url, '--max-score', '0'], {
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    const lines = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.score === 0)).toBe(true);
    // `rewardkit rescore --traces postgres://…` re-scores the shared store: the same spec agrees on every sample.
    const spec = new URL('../../specs/exact-match.yaml', import.meta.url).pathname;
    const rescore = spawnSync(
      process.execPath,
      ['--import', 'tsx', MAIN, 'rescore', '--traces', pg.url, '--spec', spec, '--spec-name', 'exact-match', '--json'],
      { encoding: 'utf8' },
    );
    expect(rescore.stderr).toBe('');
    expect(JSON.parse(rescore.stdout)).toMatchObject({ samples: 15, agreement: 1 });
  });
});
