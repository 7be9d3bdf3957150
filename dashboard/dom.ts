// Elements from data with text only: traces hold model-written text, so nothing here ever parses HTML.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h('td', { class: 'n' }, 'text')`: an element with attributes, listeners (`onclick`) and text or node children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children; strings and numbers become text nodes. */
export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A number as the dashboard shows it: integers whole, others to `digits` decimals; "–" for none. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** A share as a percentage with one decimal; "–" for none. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** Milliseconds as the dashboard shows them. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`;
}

/** `{scored: 3, error: 1}` as "scored 3 · error 1". */
export function counts(c: Record<string, number>): string {
  return Object.entries(c)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ');
}

/** A labelled figure the tests read by `data-stat`. */
export function card(stat: string, label: string, value: string): HTMLElement {
  return h(
    'div',
    { class: 'card', 'data-stat': stat },
    h('span', { class: 'label' }, label),
    h('span', { class: 'value' }, value),
  );
}

/** A section with a heading. */
export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...children);
}
