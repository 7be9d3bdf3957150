import type pg from 'pg';
import { type RawTraceRow, type TraceFilter, type TraceRow, toTraceRow, whereOf } from './trace-query.js';

const PAGE = 1_000;

/** The SQLite WHERE clause with `$n` placeholders from `from` on (no `?` occurs in it but as a placeholder). */
function pgWhere(filter: TraceFilter, from = 1): { sql: string; args: Array<string | number> } {
  const { sql, args } = whereOf(filter);
  let n = from;
  return { sql: sql.replace(/\?/g, () => `$${n++}`), args };
}

interface RawRow extends RawTraceRow {
  seq: string;
}

/** `queryTraces` on the PostgreSQL store: matching samples, oldest first, read a page at a time. */
export async function* queryTracesPg(pool: pg.Pool, filter: TraceFilter): AsyncGenerator<TraceRow> {
  let left = filter.limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(filter.limit));
  let after: [number, string, number] | undefined;
  while (left > 0) {
    const { sql: where, args } = pgWhere(filter);
    const page = Math.min(PAGE, left);
    const n = args.length;
    // Keyset paging on the sort key: each page starts after the last row of the one before.
    const next = after
      ? `${where ? ' AND' : ' WHERE'} (s.ts, s.request_seq, s.idx) > ($${n + 1}, $${n + 2}, $${n + 3})`
      : '';
    const sql =
      'SELECT r.request_id, s.idx, s.ts::float8 AS ts, s.request_seq AS seq, s.spec, s.status, s.code, s.score, s.sample, s.result ' +
      `FROM rewardkit.samples s JOIN rewardkit.requests r ON r.seq = s.request_seq${where}${next} ` +
      `ORDER BY s.ts, s.request_seq, s.idx LIMIT ${page}`;
    const { rows } = await pool.query<RawRow>(sql, after ? [...args, ...after] : args);
    for (const row of rows) yield toTraceRow(row);
    left -= rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < page) return;
    after = [last.ts, last.seq, last.idx];
  }
}

/** `traceSummary` on the PostgreSQL store. */
export async function traceSummaryPg(
  pool: pg.Pool,
  filter: TraceFilter = {},
): Promise<Array<{ spec: string; status: string; n: number }>> {
  const { sql: where, args } = pgWhere(filter);
  const { rows } = await pool.query<{ spec: string; status: string; n: string }>(
    'SELECT s.spec AS spec, s.status AS status, COUNT(*) AS n FROM rewardkit.samples s ' +
      `JOIN rewardkit.requests r ON r.seq = s.request_seq${where} GROUP BY s.spec, s.status ORDER BY s.spec, s.status`,
    args,
  );
  return rows.map((r) => ({ spec: r.spec, status: r.status, n: Number(r.n) }));
}
