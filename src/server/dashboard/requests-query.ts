import type { Counts, RequestDetail, RequestList, RequestRow } from './api-types.js';
import { inc, type Scope, scopeSql, type TraceReader } from './query.js';

export interface RequestFilter extends Scope {
  status?: string | undefined;
  code?: string | undefined;
  requestId?: string | undefined;
  /** Only requests with a smaller seq (the next page). */
  before?: number | undefined;
  limit: number;
}

type RequestBase = Omit<RequestRow, 'time' | 'statuses' | 'codes' | 'mean_score'>;
const REQUEST_COLUMNS =
  'r.seq AS seq, r.request_id AS request_id, r.ts AS ts, r.route AS route, r.spec AS spec, r.n AS n, r.duration_ms AS duration_ms';

/** Per-request statuses, codes and mean root score, for the given seqs. */
function withCounts(reader: TraceReader, base: RequestBase[]): RequestRow[] {
  if (base.length === 0) return [];
  const counts = reader.select<{
    seq: number;
    status: string;
    code: string | null;
    n: number;
    sum: number | null;
    scored: number;
  }>(
    `SELECT request_seq AS seq, status, code, COUNT(*) AS n, SUM(score) AS sum, COUNT(score) AS scored FROM samples
     WHERE request_seq IN (${base.map(() => '?').join(',')}) GROUP BY request_seq, status, code`,
    base.map((r) => r.seq),
  );
  const agg = new Map<number, { statuses: Counts; codes: Counts; sum: number; scored: number }>();
  for (const c of counts) {
    const a = agg.get(c.seq) ?? { statuses: {}, codes: {}, sum: 0, scored: 0 };
    inc(a.statuses, c.status, c.n);
    if (c.code !== null) inc(a.codes, c.code, c.n);
    a.sum += c.sum ?? 0;
    a.scored += c.scored;
    agg.set(c.seq, a);
  }
  return base.map((r) => {
    const a = agg.get(r.seq);
    return {
      ...r,
      time: new Date(r.ts).toISOString(),
      statuses: a?.statuses ?? {},
      codes: a?.codes ?? {},
      mean_score: a && a.scored > 0 ? a.sum / a.scored : null,
    };
  });
}

/** Traced requests matching the filter, newest first. */
export function listRequests(reader: TraceReader, filter: RequestFilter): RequestList {
  const where = scopeSql(filter, 'r.');
  let sql = where.sql;
  const args = where.args;
  if (filter.requestId !== undefined) {
    sql += ' AND r.request_id = ?';
    args.push(filter.requestId);
  }
  if (filter.before !== undefined) {
    sql += ' AND r.seq < ?';
    args.push(filter.before);
  }
  if (filter.status !== undefined || filter.code !== undefined) {
    const inner: string[] = ['s.request_seq = r.seq'];
    if (filter.status !== undefined) {
      inner.push('s.status = ?');
      args.push(filter.status);
    }
    if (filter.code !== undefined) {
      inner.push('s.code = ?');
      args.push(filter.code);
    }
    sql += ` AND EXISTS (SELECT 1 FROM samples s WHERE ${inner.join(' AND ')})`;
  }
  const base = reader.select<RequestBase>(
    `SELECT ${REQUEST_COLUMNS} FROM requests r WHERE ${sql} ORDER BY r.seq DESC LIMIT ?`,
    [...args, filter.limit + 1],
  );
  const more = base.length > filter.limit;
  if (more) base.length = filter.limit;
  return { requests: withCounts(reader, base), next_before: more ? (base[base.length - 1]?.seq ?? null) : null };
}

/** One traced request with its samples `offset` to `offset + limit`; undefined when there is no such request. */
export function requestDetail(
  reader: TraceReader,
  seq: number,
  offset: number,
  limit: number,
): RequestDetail | undefined {
  const base = reader.select<RequestBase>(`SELECT ${REQUEST_COLUMNS} FROM requests r WHERE r.seq = ?`, [seq]);
  const [row] = withCounts(reader, base);
  if (!row) return undefined;
  const samples = reader
    .select<{
      index: number;
      status: string;
      code: string | null;
      score: number | null;
      sample: string;
      result: string;
    }>(
      'SELECT idx AS "index", status, code, score, sample, result FROM samples WHERE request_seq = ? ORDER BY idx LIMIT ? OFFSET ?',
      [seq, limit, offset],
    )
    .map((s) => ({ ...s, sample: JSON.parse(s.sample) as unknown, result: JSON.parse(s.result) as unknown }));
  return { ...row, offset, samples };
}
