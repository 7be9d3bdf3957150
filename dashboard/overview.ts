// Overview: traffic, statuses and codes, scores and latency over time, per-spec totals, component histograms.
import type { Distribution, Overview } from '../src/server/dashboard/api-types';
import { getJson } from './api';
import { ChartSet } from './charts';
import { card, counts, h, ms, num, pct, section } from './dom';

export const WINDOWS: Record<string, string> = {
  '15m': 'last 15 min',
  '1h': 'last hour',
  '6h': 'last 6 h',
  '24h': 'last day',
  '7d': 'last week',
};

/** What the overview shows: a window back from now and, optionally, one spec. */
export interface OverviewState {
  since: string;
  spec: string;
}

const charts = new ChartSet();

/** Draws the overview into `view` from the API (one overview, and one distribution per spec shown). */
export async function renderOverview(
  view: HTMLElement,
  state: OverviewState,
  specs: string[],
  onChange: () => void,
): Promise<void> {
  const o = await getJson<Overview>('/v1/dashboard/overview', { since: state.since, spec: state.spec });
  const shownSpecs = state.spec ? [state.spec] : o.specs.map((s) => s.spec).slice(0, 4);
  const dists = await Promise.all(
    shownSpecs.map((spec) => getJson<Distribution>('/v1/dashboard/distribution', { since: state.since, spec })),
  );
  charts.clear();
  view.replaceChildren();
  view.append(filters(state, specs, onChange));
  if (!o.traces)
    view.append(
      h(
        'p',
        { class: 'note' },
        'No trace store on this server (traces.enabled: false, or traces go to a shared store): only the live counters below.',
      ),
    );
  if (o.capped) view.append(h('p', { class: 'note' }, `Busy window: the newest ${o.scanned} samples are shown.`));
  const t = o.totals;
  const b = o.live.backends;
  view.append(
    h(
      'div',
      { class: 'cards' },
      card('requests', 'Requests', num(t.requests)),
      card('samples', 'Samples', num(t.samples)),
      card('samples_per_min', 'Samples / min', num(t.samples_per_min, 2)),
      card('unscored_rate', 'Unscored', pct(t.unscored_rate)),
      card('latency_p50_ms', 'Latency p50', ms(t.latency_p50_ms)),
      card('latency_p99_ms', 'Latency p99', ms(t.latency_p99_ms)),
      card('cache_hit_rate', 'Backend cache hits', pct(b.cache_hit_rate)),
      card('backend_failure_rate', 'Backend failures', pct(b.failure_rate)),
      card('judge_failure_rate', 'Judge failures', pct(b.judge.failure_rate)),
    ),
  );
  const grid = h('div', { class: 'grid' });
  view.append(grid);
  const ts = o.series.map((s) => s.t);
  const perMin = 60_000 / o.bucket_ms;
  charts.time(grid, 'traffic', 'Samples per minute', ts, [
    { label: 'samples', values: o.series.map((s) => s.samples * perMin) },
    { label: 'unscored', values: o.series.map((s) => s.unscored * perMin) },
  ]);
  charts.time(grid, 'scores', 'Root score over time', ts, [
    { label: 'mean', values: o.series.map((s) => s.mean) },
    { label: 'p10', values: o.series.map((s) => s.p10) },
    { label: 'p50', values: o.series.map((s) => s.p50) },
    { label: 'p90', values: o.series.map((s) => s.p90) },
  ]);
  charts.time(grid, 'latency', 'Request latency (ms)', ts, [
    { label: 'p50', values: o.series.map((s) => s.latency_p50_ms) },
    { label: 'p99', values: o.series.map((s) => s.latency_p99_ms) },
  ]);
  view.append(section('Statuses and codes', breakdown(t.statuses, t.codes)));
  view.append(section('Per spec', specTable(o)));
  for (const d of dists) {
    const box = h('div', { class: 'grid' });
    view.append(section(`Components of ${d.spec}`, box));
    // Every component's mean per bucket on one time axis: a collapsing component shows as a falling line.
    const byT = d.components.map((c) => new Map(c.series.map((p) => [p.t, p.mean])));
    // Same bucket grid as the overview's charts (both align buckets to multiples of the bucket size).
    charts.time(
      box,
      `means-${d.spec}`,
      'Component means over time',
      ts,
      d.components.map((c, i) => ({ label: c.component, values: ts.map((t) => byT[i]?.get(t) ?? null) })),
    );
    for (const c of d.components) {
      charts.bars(
        box,
        `hist-${d.spec}-${c.component}`,
        `${c.component}: mean ${num(c.mean)}, p50 ${num(c.p50)}, n ${c.n}`,
        c.bins,
        [{ label: 'samples', values: c.bins.map((x) => x.n) }],
      );
    }
  }
}

function filters(state: OverviewState, specs: string[], onChange: () => void): HTMLElement {
  const since = h(
    'select',
    { name: 'since', 'aria-label': 'window' },
    ...Object.entries(WINDOWS).map(([v, label]) => h('option', { value: v, selected: v === state.since }, label)),
  );
  const spec = h(
    'select',
    { name: 'spec', 'aria-label': 'spec' },
    h('option', { value: '' }, 'all specs'),
    ...specs.map((s) => h('option', { value: s, selected: s === state.spec }, s)),
  );
  const changed = () => {
    state.since = since.value;
    state.spec = spec.value;
    onChange();
  };
  since.addEventListener('change', changed);
  spec.addEventListener('change', changed);
  return h('form', { class: 'filters', onsubmit: (e: Event) => e.preventDefault() }, since, spec);
}

function breakdown(statuses: Record<string, number>, codes: Record<string, number>): HTMLElement {
  const rows = [
    ...Object.entries(statuses).map(([k, n]) => ['status', k, n] as const),
    ...Object.entries(codes).map(([k, n]) => ['code', k, n] as const),
  ];
  return h(
    'table',
    { class: 'breakdown' },
    h('thead', {}, h('tr', {}, h('th', {}, 'kind'), h('th', {}, 'name'), h('th', {}, 'samples'))),
    h(
      'tbody',
      {},
      ...rows.map(([kind, k, n]) =>
        h('tr', { 'data-key': `${kind}:${k}` }, h('td', {}, kind), h('td', {}, k), h('td', { class: 'n' }, n)),
      ),
    ),
  );
}

function specTable(o: Overview): HTMLElement {
  const head = [
    'spec',
    'requests',
    'samples',
    'statuses',
    'mean score',
    'p50 score',
    'latency p50',
    'latency p99',
    'since start (live)',
  ];
  return h(
    'table',
    { class: 'specs' },
    h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
    h(
      'tbody',
      {},
      ...o.specs.map((s) =>
        h(
          'tr',
          { 'data-spec': s.spec },
          h('td', {}, s.spec),
          h('td', { class: 'n', 'data-col': 'requests' }, s.requests),
          h('td', { class: 'n', 'data-col': 'samples' }, s.samples),
          h('td', {}, counts(s.statuses)),
          h('td', { class: 'n', 'data-col': 'mean' }, num(s.score.mean)),
          h('td', { class: 'n' }, num(s.score.p50)),
          h('td', { class: 'n' }, ms(s.latency_p50_ms)),
          h('td', { class: 'n' }, ms(s.latency_p99_ms)),
          h('td', {}, counts(o.live.samples[s.spec] ?? {})),
        ),
      ),
    ),
  );
}
