import type { Bucket, Counts, Overview, SpecTotals } from './api-types.js';
import { quantile, summarize } from './stats.js';

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

export function scopeSql(scope: Scope, alias = ''): { sql: string; args: Array<string | number> } {
  const args: Array<string | number> = [scope.since, scope.until];
  let sql = `${alias}ts >= ? AND ${alias}ts < ?`;
  if (scope.spec !== undefined) {
    sql += ` AND ${alias}spec = ?`;
    args.push(scope.spec);
  }
  return { sql, args };
}

/** The newest `cap` rows of a query (it must end in `LIMIT ?`), and whether there were more. */
export function newest<T>(reader: TraceReader, sql: string, args: Array<string | number>, cap: number) {
  const rows = reader.select<T>(sql, [...args, cap + 1]);
  const capped = rows.length > cap;
  if (capped) rows.length = cap;
  return { rows, capped };
}

export const inc = (counts: Counts, key: string, by = 1): void => {
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
