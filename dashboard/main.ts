// The dashboard page: tabs (#overview, #traces, #traces/<seq>, #compare), a token prompt on 401, live refresh.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { ApiError, NeedsToken, setToken, specNames } from './api';
import { type CompareState, defaultCompare, renderCompare } from './compare';
import { h } from './dom';
import { type OverviewState, renderOverview } from './overview';
import { emptyFilters, renderRequest, renderTraces } from './traces';

const REFRESH_MS = 5_000;
const view = document.getElementById('view') as HTMLElement;
const statusLine = document.getElementById('status') as HTMLElement;
const tabs = document.getElementById('tabs') as HTMLElement;

let specs: string[] = [];
const overview: OverviewState = { since: '1h', spec: '' };
const traceFilters = emptyFilters();
let compare: CompareState | undefined;
let timer: number | undefined;
let drawing = 0;

const route = (): string => location.hash.replace(/^#/, '') || 'overview';

function drawTabs(): void {
  const current = route().split('/')[0];
  tabs.replaceChildren(
    ...[
      ['overview', 'Overview'],
      ['traces', 'Traces'],
      ['compare', 'Compare'],
    ].map(([id, label]) =>
      h('a', { href: `#${id}`, class: id === current ? 'tab active' : 'tab', 'data-tab': id }, label ?? ''),
    ),
  );
}

async function draw(): Promise<void> {
  const mine = ++drawing;
  window.clearTimeout(timer);
  drawTabs();
  const [page, arg] = route().split('/');
  try {
    if (specs.length === 0) specs = await specNames();
    if (page === 'traces' && arg) await renderRequest(view, Number(arg));
    else if (page === 'traces')
      await renderTraces(view, traceFilters, specs, draw, (seq) => (location.hash = `#traces/${seq}`));
    else if (page === 'compare') await renderCompare(view, (compare ??= defaultCompare(specs[0] ?? '')), specs, draw);
    else {
      await renderOverview(view, overview, specs, draw);
      // Live: the overview redraws while it is the page shown.
      if (mine === drawing) timer = window.setTimeout(draw, REFRESH_MS);
    }
    statusLine.textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = page ?? 'overview';
  } catch (err) {
    if (err instanceof NeedsToken) askToken();
    else statusLine.textContent = err instanceof ApiError ? err.message : `error: ${String(err)}`;
  }
}

function askToken(): void {
  const input = h('input', {
    type: 'password',
    name: 'token',
    placeholder: 'bearer token',
    autocomplete: 'off',
    'aria-label': 'token',
  });
  const submit = (e: Event) => {
    e.preventDefault();
    setToken(input.value.trim());
    void draw();
  };
  view.replaceChildren(
    h(
      'form',
      { class: 'token', onsubmit: submit },
      h('p', {}, 'This server needs a bearer token (REWARDKIT_TOKENS).'),
      input,
      h('button', { type: 'submit' }, 'Open'),
    ),
  );
  statusLine.textContent = 'token needed';
}

window.addEventListener('hashchange', () => void draw());
void draw();
