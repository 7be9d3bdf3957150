// Traces: recent requests, filtered by spec, status, code and time; one opens to its samples and their node trees.
import type { RequestDetail, RequestList, RequestRow, TracedSample } from '../src/server/dashboard/api-types';
import { getJson } from './api';
import { counts, h, ms, num } from './dom';

/** The list's filters (empty: any). */
export interface TraceFilters {
  spec: string;
  status: string;
  code: string;
  since: string;
  request_id: string;
  before: string;
}

export const emptyFilters = (): TraceFilters => ({
  spec: '',
  status: '',
  code: '',
  since: '',
  request_id: '',
  before: '',
});

/** Draws the filtered list of traced requests; `open` shows one. */
export async function renderTraces(
  view: HTMLElement,
  f: TraceFilters,
  specs: string[],
  apply: () => void,
  open: (seq: number) => void,
): Promise<void> {
  const list = await getJson<RequestList>('/v1/dashboard/requests', { ...f, limit: 50 });
  view.replaceChildren(filterForm(f, specs, apply), requestTable(list.requests, open));
  if (list.requests.length === 0) view.append(h('p', { class: 'note', 'data-empty': '' }, 'No traced requests match.'));
  if (list.next_before !== null) {
    const next = list.next_before;
    view.append(
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            f.before = String(next);
            apply();
          },
        },
        'Older requests',
      ),
    );
  }
}

function select(name: string, value: string, options: Array<[string, string]>): HTMLSelectElement {
  return h(
    'select',
    { name, 'aria-label': name },
    ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

function filterForm(f: TraceFilters, specs: string[], apply: () => void): HTMLElement {
  const spec = select('spec', f.spec, [['', 'all specs'], ...specs.map((s): [string, string] => [s, s])]);
  const status = select('status', f.status, [
    ['', 'any status'],
    ['scored', 'scored'],
    ['unscorable', 'unscorable'],
    ['error', 'error'],
  ]);
  const since = select('since', f.since, [
    ['', 'any time'],
    ['15m', 'last 15 min'],
    ['1h', 'last hour'],
    ['24h', 'last day'],
    ['7d', 'last week'],
  ]);
  const code = h('input', {
    name: 'code',
    placeholder: 'code (e.g. no-reference)',
    value: f.code,
    'aria-label': 'code',
  });
  const id = h('input', {
    name: 'request_id',
    placeholder: 'request id',
    value: f.request_id,
    'aria-label': 'request id',
  });
  const submit = (e: Event) => {
    e.preventDefault();
    Object.assign(f, {
      spec: spec.value,
      status: status.value,
      since: since.value,
      code: code.value.trim(),
      request_id: id.value.trim(),
      before: '',
    });
    apply();
  };
  for (const el of [spec, status, since]) el.addEventListener('change', submit);
  return h(
    'form',
    { class: 'filters', onsubmit: submit },
    spec,
    status,
    since,
    code,
    id,
    h('button', { type: 'submit' }, 'Filter'),
  );
}

function requestTable(rows: RequestRow[], open: (seq: number) => void): HTMLElement {
  const head = ['time', 'spec', 'route', 'samples', 'statuses', 'codes', 'mean score', 'duration', 'request id'];
  return h(
    'table',
    { class: 'requests' },
    h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { class: 'clickable', 'data-seq': r.seq, onclick: () => open(r.seq) },
          h('td', {}, new Date(r.ts).toLocaleTimeString()),
          h('td', { 'data-col': 'spec' }, r.spec),
          h('td', {}, r.route),
          h('td', { class: 'n' }, r.n),
          h('td', { 'data-col': 'statuses' }, counts(r.statuses)),
          h('td', {}, counts(r.codes)),
          h('td', { class: 'n' }, num(r.mean_score)),
          h('td', { class: 'n' }, ms(r.duration_ms)),
          h('td', { class: 'mono' }, h('a', { href: `#traces/${r.seq}` }, r.request_id)),
        ),
      ),
    ),
  );
}

/** Draws one request: its samples, each with its components and the tree of `details.nodes`. */
export async function renderRequest(view: HTMLElement, seq: number): Promise<void> {
  const d = await getJson<RequestDetail>(`/v1/dashboard/requests/${seq}`, { limit: 200 });
  view.replaceChildren(
    h('p', {}, h('a', { href: '#traces' }, '← all requests')),
    h(
      'div',
      { class: 'request-head' },
      h('h2', {}, `Request ${d.request_id}`),
      h(
        'p',
        {},
        `${d.spec} · ${d.route} · ${new Date(d.ts).toLocaleString()} · ${d.n} samples · ${counts(d.statuses)} · ${ms(d.duration_ms)}`,
      ),
    ),
    ...d.samples.map((s) => sampleView(s)),
  );
  if (d.samples.length < d.n) view.append(h('p', { class: 'note' }, `Showing ${d.samples.length} of ${d.n} samples.`));
}

interface ResultShape {
  status?: string;
  score?: number;
  code?: string;
  message?: string;
  components?: Record<string, number | null>;
  details?: Record<string, unknown> & { nodes?: Record<string, NodeShape> };
}
interface NodeShape {
  status?: string;
  code?: string;
  message?: string;
  details?: unknown;
}

function sampleView(s: TracedSample): HTMLElement {
  const result = (s.result ?? {}) as ResultShape;
  const sample = (s.sample ?? {}) as Record<string, unknown>;
  const label = `#${s.index} · ${s.status}${s.code ? ` · ${s.code}` : ''} · score ${num(s.score)}`;
  return h(
    'details',
    { class: 'sample', 'data-index': s.index },
    h('summary', {}, label),
    h(
      'div',
      { class: 'sample-body' },
      result.message ? h('p', { class: 'message' }, result.message) : null,
      field('prompt', sample.prompt),
      field('response', sample.response),
      field('reference', sample.reference),
      h('h3', {}, 'Nodes'),
      nodeTree(result),
    ),
  );
}

function field(name: string, value: unknown): HTMLElement | null {
  if (value === undefined) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('div', { class: 'field' }, h('span', { class: 'label' }, name), h('pre', { 'data-field': name }, text));
}

/** The node tree: the root (the result itself), then `details.nodes` nested by path (`sum.exact-match` under `sum`). */
function nodeTree(result: ResultShape): HTMLElement {
  const nodes = result.details?.nodes ?? {};
  const components = result.components ?? {};
  const paths = new Set([...Object.keys(nodes), ...Object.keys(components)]);
  const rootPath = Object.keys(components).find((p) => !(p in nodes)) ?? 'root';
  paths.delete(rootPath);
  const parentOf = (path: string): string => {
    const parts = path.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const up = parts.slice(0, i).join('.');
      if (paths.has(up)) return up;
    }
    return rootPath;
  };
  const children = new Map<string, string[]>();
  for (const p of paths) {
    const up = parentOf(p);
    children.set(up, [...(children.get(up) ?? []), p]);
  }
  const { nodes: _nodes, ...rootDetails } = result.details ?? {};
  const item = (path: string, node: NodeShape, score: number | null | undefined): HTMLElement =>
    h(
      'li',
      { 'data-node': path },
      h(
        'div',
        { class: 'node' },
        h('span', { class: 'node-name' }, path),
        h('span', { class: `node-status ${node.status ?? ''}` }, node.status ?? ''),
        h('span', { class: 'node-score', 'data-score': score ?? '' }, num(score)),
        node.code ? h('span', { class: 'node-code' }, node.code) : null,
        node.message ? h('span', { class: 'node-message' }, node.message) : null,
      ),
      node.details !== undefined && Object.keys(node.details as object).length > 0
        ? h('pre', { class: 'node-details' }, JSON.stringify(node.details, null, 2))
        : null,
      (children.get(path) ?? []).length
        ? h('ul', {}, ...(children.get(path) ?? []).map((c) => item(c, nodes[c] ?? {}, components[c])))
        : null,
    );
  const root = item(rootPath, { ...result, details: rootDetails }, components[rootPath] ?? result.score);
  return h('ul', { class: 'tree' }, root);
}
