// Compare: two windows or two specs side by side on shared bins, with each component's mean shift and KS statistic.
import type { Comparison } from '../src/server/dashboard/api-types';
import { getJson } from './api';
import { ChartSet } from './charts';
import { h, num } from './dom';

/** The two sides; times as the API reads them (ISO, epoch ms, or `2h` ago; empty until: now). */
export interface CompareState {
  spec_a: string;
  since_a: string;
  until_a: string;
  spec_b: string;
  since_b: string;
  until_b: string;
}

export const defaultCompare = (spec: string): CompareState => ({
  spec_a: spec,
  since_a: '2h',
  until_a: '1h',
  spec_b: spec,
  since_b: '1h',
  until_b: '',
});

const charts = new ChartSet();

export async function renderCompare(
  view: HTMLElement,
  state: CompareState,
  specs: string[],
  apply: () => void,
): Promise<void> {
  const form = compareForm(state, specs, apply);
  if (!state.spec_a) {
    view.replaceChildren(form, h('p', { class: 'note' }, 'No spec to compare yet.'));
    return;
  }
  const c = await getJson<Comparison>('/v1/dashboard/compare', { ...state, bins: 20 });
  charts.clear();
  view.replaceChildren(form);
  view.append(
    h(
      'table',
      { class: 'shift' },
      h(
        'thead',
        {},
        h('tr', {}, ...['component', 'mean A', 'mean B', 'Δ mean', 'KS', 'n A', 'n B'].map((x) => h('th', {}, x))),
      ),
      h(
        'tbody',
        {},
        ...c.shift.map((s) =>
          h(
            'tr',
            { 'data-component': s.component },
            h('td', {}, s.component),
            h('td', { class: 'n' }, num(s.mean_a)),
            h('td', { class: 'n' }, num(s.mean_b)),
            h('td', { class: 'n', 'data-col': 'delta' }, num(s.delta)),
            h('td', { class: 'n', 'data-col': 'ks' }, num(s.ks)),
            h('td', { class: 'n' }, c.a.components.find((x) => x.component === s.component)?.n ?? 0),
            h('td', { class: 'n' }, c.b.components.find((x) => x.component === s.component)?.n ?? 0),
          ),
        ),
      ),
    ),
  );
  const grid = h('div', { class: 'grid' });
  view.append(grid);
  for (const s of c.shift) {
    const a = c.a.components.find((x) => x.component === s.component);
    const b = c.b.components.find((x) => x.component === s.component);
    const bins = a?.bins.length ? a.bins : (b?.bins ?? []);
    charts.bars(grid, `compare-${s.component}`, `${s.component} (KS ${num(s.ks, 3)})`, bins, [
      { label: 'A', values: bins.map((_, i) => a?.bins[i]?.n ?? 0) },
      { label: 'B', values: bins.map((_, i) => b?.bins[i]?.n ?? 0) },
    ]);
  }
}

function compareForm(state: CompareState, specs: string[], apply: () => void): HTMLElement {
  const specSelect = (name: 'spec_a' | 'spec_b') =>
    h(
      'select',
      { name, 'aria-label': name },
      ...specs.map((s) => h('option', { value: s, selected: s === state[name] }, s)),
    );
  const time = (name: keyof CompareState, placeholder: string) =>
    h('input', { name, value: state[name], placeholder, 'aria-label': name, size: 10 });
  const inputs = {
    spec_a: specSelect('spec_a'),
    since_a: time('since_a', 'since'),
    until_a: time('until_a', 'now'),
    spec_b: specSelect('spec_b'),
    since_b: time('since_b', 'since'),
    until_b: time('until_b', 'now'),
  };
  const submit = (e: Event) => {
    e.preventDefault();
    for (const [k, el] of Object.entries(inputs)) state[k as keyof CompareState] = el.value.trim();
    apply();
  };
  return h(
    'form',
    { class: 'filters', onsubmit: submit },
    h('span', { class: 'side' }, 'A'),
    inputs.spec_a,
    inputs.since_a,
    inputs.until_a,
    h('span', { class: 'side' }, 'B'),
    inputs.spec_b,
    inputs.since_b,
    inputs.until_b,
    h('button', { type: 'submit' }, 'Compare'),
  );
}
