import type { ComponentDistribution, Distribution } from './api-types.js';
import { bucketFor, CAPS, type Scope, scopeSql, type TraceReader } from './query.js';
import { histogram, ksStatistic, summarize } from './stats.js';

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
