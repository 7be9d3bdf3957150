import type Database from 'better-sqlite3';

/** Which traced samples to return; every field narrows the selection. */
export interface TraceFilter {
  spec?: string | undefined;
  status?: string | undefined;
  code?: string | undefined;
  requestId?: string | undefined;
  /** Epoch ms, inclusive. */
  since?: number | undefined;
  /** Epoch ms, exclusive. */
  until?: number | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
  limit?: number | undefined;
}

/** One traced sample, as `rewardkit traces` exports it (one JSONL line). */
export interface TraceRow {
  request_id: string;
  index: number;
  time: string;
  spec: string;
  status: string;
  code: string | null;
  score: number | null;
  sample: unknown;
  result: unknown;
}

/** A traced sample as both stores return it (columns as stored, JSON still text). */
export interface RawTraceRow {
  request_id: string;
  idx: number;
  ts: number;
  spec: string;
  status: string;
  code: string | null;
  score: number | null;
  sample: string;
  result: string;
}

/** The WHERE clause (with its arguments) that narrows samples `s` joined with requests `r` to the filter. */
export function whereOf(filter: TraceFilter): { sql: string; args: Array<string | number> } {
  const where: string[] = [];
  const args: Array<string | number> = [];
  const add = (sql: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    where.push(sql);
    args.push(value);
  };
  add('s.spec = ?', filter.spec);
  add('s.status = ?', filter.status);
  add('s.code = ?', filter.code);
  add('r.request_id = ?', filter.requestId);
  add('s.ts >= ?', filter.since);
  add('s.ts < ?', filter.until);
  add('s.score >= ?', filter.minScore);
  add('s.score <= ?', filter.maxScore);
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
}

/** Streams matching samples, oldest first. */
export function* queryTraces(db: Database.Database, filter: TraceFilter): Generator<TraceRow> {
  const { sql: where, args } = whereOf(filter);
  const sql =
    'SELECT r.request_id, s.idx, s.ts, s.spec, s.status, s.code, s.score, s.sample, s.result ' +
    'FROM samples s JOIN requests r ON r.seq = s.request_seq' +
    where +
    ' ORDER BY s.ts, s.request_seq, s.idx' +
    (filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '');
  for (const row of db.prepare(sql).iterate(...args) as IterableIterator<RawTraceRow>) yield toTraceRow(row);
}

/** One stored row as `rewardkit traces` exports it (shared by the SQLite and Postgres stores). */
export function toTraceRow(row: RawTraceRow): TraceRow {
  return {
    request_id: row.request_id,
    index: row.idx,
    time: new Date(row.ts).toISOString(),
    spec: row.spec,
    status: row.status,
    code: row.code,
    score: row.score,
    sample: JSON.parse(row.sample),
    result: JSON.parse(row.result),
  };
}

/** Counts of traced samples by spec and status, among those the filter selects (its limit aside). */
export function traceSummary(
  db: Database.Database,
  filter: TraceFilter = {},
): Array<{ spec: string; status: string; n: number }> {
  const { sql: where, args } = whereOf(filter);
  return db
    .prepare(
      'SELECT s.spec AS spec, s.status AS status, COUNT(*) AS n FROM samples s JOIN requests r ON r.seq = s.request_seq' +
        `${where} GROUP BY s.spec, s.status ORDER BY s.spec, s.status`,
    )
    .all(...args) as Array<{ spec: string; status: string; n: number }>;
}

/** Parses `--since`/`--until`: an ISO date/time, epoch ms, or a duration back from now (`30m`, `2h`, `7d`). */
export function parseTime(value: string, now = Date.now()): number {
  const ago = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value.trim());
  if (ago) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(ago[1]) * unit;
  }
  if (/^\d{10,}$/.test(value)) return Number(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`cannot read "${value}" as a time (ISO date, epoch ms, or 30m / 2h / 7d ago)`);
  return t;
}
