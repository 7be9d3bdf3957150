import type {
  Bucket,
  ComponentDistribution,
  Counts,
  Distribution,
  Overview,
  RequestDetail,
  RequestList,
  RequestRow,
  SpecTotals,
} from './api-types.js';
import { histogram, ksStatistic, quantile, summarize } from './stats.js';

/** Read-only access to the trace database (TraceStore.select). */
export interface TraceReader {
  select<T>(sql: string, args?: ReadonlyArray<string | number>): T[];
}

/** Rows one answer reads at most (newest first): the dashboard's queries run on the server's main thread. */
export const CAPS = { samples: 100_000, requests: 50_000, components: 20_000, detailSamples: 500 };

/** A time window, optionally narrowed to one spec. */
export interface Scope {
  since: number;
  until: number;
  spec?: string | undefined;
}

const NICE_BUCKETS = [10, 30, 60, 300, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** The smallest round bucket that cuts the window into at most `max` buckets. */
export function bucketFor(since: number, until: number, max = 60): number {
  const span = Math.max(1, until - since);
  return NICE_BUCKETS.find((b) => span / b <= max) ?? Math.ceil(span / max / 86_400_000) * 86_400_000;
}

function scopeSql(scope: Scope, alias = ''): { sql: string; args: Array<string | number> } {
  const args: Array<string | number> = [scope.since, scope.until];
  let sql = `${alias}ts >= ? AND ${alias}ts < ?`;
  if (scope.spec !== undefined) {
    sql += ` AND ${alias}spec = ?`;
    args.push(scope.spec);
  }
  return { sql, args };
}

/** The newest `cap` rows of a query (it must end in `LIMIT ?`), and whether there were more. */
function newest<T>(reader: TraceReader, sql: string, args: Array<string | number>, cap: number) {
  const rows = reader.select<T>(sql, [...args, cap + 1]);
  const capped = rows.length > cap;
  if (capped) rows.length = cap;
  return { rows, capped };
}

const inc = (counts: Counts, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Bucket start times covering [since, until). */
function bucketStarts(since: number, until: number, bucketMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(since / bucketMs) * bucketMs; t < until; t += bucketMs) out.push(t);
  return out;
}

interface SampleRow {
  ts: number;
  spec: string;
  status: string;
  code: string | null;
  score: number | null;
}
interface ReqRow {
  ts: number;
  spec: string;
  duration_ms: number;
}

/** Traffic, statuses, codes, root scores and latency in the window, in total, per spec and per bucket. */
export function overviewOf(
  reader: TraceReader,
  scope: Scope,
  bucketMs: number,
): Omit<Overview, 'live' | 'now' | 'traces' | 'sample_rate'> {
  const where = scopeSql(scope);
  const samples = newest<SampleRow>(
    reader,
    `SELECT ts, spec, status, code, score FROM samples WHERE ${where.sql} ORDER BY ts DESC LIMIT ?`,
    where.args,
    CAPS.samples,
  );
  const requests = newest<ReqRow>(
    reader,
    `SELECT ts, spec, duration_ms FROM requests WHERE ${where.sql} ORDER BY ts DESC LIMIT ?`,
    where.args,
    CAPS.requests,
  );
  const starts = bucketStarts(scope.since, scope.until, bucketMs);
  const first = starts[0] ?? scope.since;
  const slot = (ts: number) => Math.min(starts.length - 1, Math.max(0, Math.floor((ts - first) / bucketMs)));
  const perBucket = starts.map(() => ({
    requests: 0,
    samples: 0,
    unscored: 0,
    scores: [] as number[],
    ms: [] as number[],
  }));
  const perSpec = new Map<
    string,
    { requests: number; samples: number; statuses: Counts; codes: Counts; scores: number[]; ms: number[] }
  >();
  const specOf = (spec: string) => {
    let s = perSpec.get(spec);
    if (!s) perSpec.set(spec, (s = { requests: 0, samples: 0, statuses: {}, codes: {}, scores: [], ms: [] }));
    return s;
  };
  const statuses: Counts = {};
  const codes: Counts = {};
  let unscored = 0;
  for (const r of samples.rows) {
    const b = perBucket[slot(r.ts)];
    const s = specOf(r.spec);
    s.samples++;
    inc(s.statuses, r.status);
    inc(statuses, r.status);
    if (r.code !== null) {
      inc(s.codes, r.code);
      inc(codes, r.code);
    }
    if (b) b.samples++;
    if (r.status !== 'scored') {
      unscored++;
      if (b) b.unscored++;
    } else if (r.score !== null) {
      s.scores.push(r.score);
      b?.scores.push(r.score);
    }
  }
  const allMs: number[] = [];
  for (const r of requests.rows) {
    const b = perBucket[slot(r.ts)];
    const s = specOf(r.spec);
    s.requests++;
    s.ms.push(r.duration_ms);
    allMs.push(r.duration_ms);
    if (b) {
      b.requests++;
      b.ms.push(r.duration_ms);
    }
  }
  const latency = (ms: number[]) => {
    ms.sort((a, b) => a - b);
    return { latency_p50_ms: quantile(ms, 0.5), latency_p99_ms: quantile(ms, 0.99) };
  };
  const series: Bucket[] = perBucket.map((b, i) => {
    const score = summarize(b.scores);
    return {
      t: starts[i] as number,
      requests: b.requests,
      samples: b.samples,
      unscored: b.unscored,
      mean: score.mean,
      p10: score.p10,
      p50: score.p50,
      p90: score.p90,
      ...latency(b.ms),
    };
  });
  const specs: SpecTotals[] = [...perSpec.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([spec, s]) => ({
      spec,
      requests: s.requests,
      samples: s.samples,
      statuses: s.statuses,
      codes: s.codes,
      score: summarize(s.scores),
      ...latency(s.ms),
    }));
  const minutes = (scope.until - scope.since) / 60_000;
  return {
    since: scope.since,
    until: scope.until,
    scanned: samples.rows.length,
    capped: samples.capped || requests.capped,
    bucket_ms: bucketMs,
    totals: {
      requests: requests.rows.length,
      samples: samples.rows.length,
      statuses,
      codes,
      ...latency(allMs),
      requests_per_min: requests.rows.length / minutes,
      samples_per_min: samples.rows.length / minutes,
      unscored_rate: samples.rows.length ? unscored / samples.rows.length : null,
    },
    specs,
    series,
  };
}

/** Every component's values in the window: scores, nulls, and (time, score) points. */
interface ComponentValues {
  scanned: number;
  capped: boolean;
  byComponent: Map<string, { values: number[]; nulls: number; points: Array<[number, number]> }>;
}

function componentValues(reader: TraceReader, scope: Scope & { spec: string }): ComponentValues {
  const where = scopeSql(scope);
  const inner = `SELECT ts, result FROM samples WHERE ${where.sql} AND json_valid(result) ORDER BY ts DESC LIMIT ?`;
  const [count] = reader.select<{ n: number }>(`SELECT COUNT(*) AS n FROM (${inner})`, [
    ...where.args,
    CAPS.components + 1,
  ]);
  const rows = reader.select<{ ts: number; component: string; value: unknown }>(
    `SELECT s.ts AS ts, j.key AS component, j.value AS value FROM (${inner}) s, json_each(s.result, '$.components') j`,
    [...where.args, CAPS.components],
  );
  const byComponent: ComponentValues['byComponent'] = new Map();
  for (const r of rows) {
    let c = byComponent.get(r.component);
    if (!c) byComponent.set(r.component, (c = { values: [], nulls: 0, points: [] }));
    if (typeof r.value === 'number' && Number.isFinite(r.value)) {
      c.values.push(r.value);
      c.points.push([r.ts, r.value]);
    } else c.nulls++;
  }
  const n = count?.n ?? 0;
  return { scanned: Math.min(n, CAPS.components), capped: n > CAPS.components, byComponent };
}

function distributionOf(
  scope: Scope & { spec: string },
  found: ComponentValues,
  order: readonly string[],
  bins: number,
  bucketMs: number,
  range: (component: string) => [number, number] | undefined,
): Distribution {
  const names = [...found.byComponent.keys()];
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const components: ComponentDistribution[] = names.map((component) => {
    const c = found.byComponent.get(component) as NonNullable<ReturnType<typeof found.byComponent.get>>;
    const stats = summarize(c.values);
    const [lo, hi] = range(component) ?? [stats.min ?? 0, stats.max ?? 0];
    const buckets = new Map<number, { n: number; sum: number }>();
    for (const [ts, v] of c.points) {
      const t = Math.floor(ts / bucketMs) * bucketMs;
      const b = buckets.get(t) ?? { n: 0, sum: 0 };
      b.n++;
      b.sum += v;
      buckets.set(t, b);
    }
    const series = [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, b]) => ({ t, n: b.n, mean: b.sum / b.n }));
    return {
      component,
      ...stats,
      nulls: c.nulls,
      bins: c.values.length ? histogram(c.values, lo, hi, bins) : [],
      series,
    };
  });
  return {
    since: scope.since,
    until: scope.until,
    spec: scope.spec,
    scanned: found.scanned,
    capped: found.capped,
    bucket_ms: bucketMs,
    components,
  };
}

/** Histogram, summary and mean over time of every component of one spec in the window. */
export function distribution(
  reader: TraceReader,
  scope: Scope & { spec: string },
  order: readonly string[],
  bins: number,
): Distribution {
  const bucketMs = bucketFor(scope.since, scope.until);
  return distributionOf(scope, componentValues(reader, scope), order, bins, bucketMs, () => undefined);
}

/** Two windows (or specs) with shared bins per component, and each component's mean shift and KS statistic. */
export function compare(
  reader: TraceReader,
  a: Scope & { spec: string },
  b: Scope & { spec: string },
  order: readonly string[],
  bins: number,
) {
  const va = componentValues(reader, a);
  const vb = componentValues(reader, b);
  const range = (component: string): [number, number] | undefined => {
    const all = [...(va.byComponent.get(component)?.values ?? []), ...(vb.byComponent.get(component)?.values ?? [])];
    if (all.length === 0) return undefined;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of all) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi];
  };
  const da = distributionOf(a, va, order, bins, bucketFor(a.since, a.until), range);
  const db = distributionOf(b, vb, order, bins, bucketFor(b.since, b.until), range);
  const names = [...new Set([...da.components.map((c) => c.component), ...db.components.map((c) => c.component)])];
  const shift = names.map((component) => {
    const xa = [...(va.byComponent.get(component)?.values ?? [])].sort((x, y) => x - y);
    const xb = [...(vb.byComponent.get(component)?.values ?? [])].sort((x, y) => x - y);
    const mean_a = da.components.find((c) => c.component === component)?.mean ?? null;
    const mean_b = db.components.find((c) => c.component === component)?.mean ?? null;
    return {
      component,
      mean_a,
      mean_b,
      delta: mean_a !== null && mean_b !== null ? mean_b - mean_a : null,
      ks: ksStatistic(xa, xb),
    };
  });
  return { a: da, b: db, shift };
}

/** Which requests to list; `status`/`code` keep requests with at least one such sample. */
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
