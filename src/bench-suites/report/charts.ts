// Inline SVG charts for the report: drawn here, so the page needs no script, font or network to show them.
import type { BenchResults, RowRecord } from '../run/evaluate.js';

export const COLORS = {
  bar: '#3b6fd8',
  interval: '#1b2a4a',
  chosen: '#2f9e44',
  rejected: '#d9480f',
  longer: '#e8590c',
  shorter: '#7048e8',
};

export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const f = (x: number) => (Math.round(x * 100) / 100).toString();
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Bars of every subset's score (0..1), a whisker for its interval, ticks where the length baselines land. */
export function subsetBars(results: BenchResults): string {
  const names = Object.keys(results.subsets).sort();
  const label = 190;
  const width = 420;
  const rowH = 26;
  const h = names.length * rowH + 34;
  const x = (v: number) => label + clamp01(v) * width;
  const rows = names.map((name, i) => {
    const s = results.subsets[name] as BenchResults['subsets'][string];
    const y = 8 + i * rowH;
    const parts = [`<text x="${label - 8}" y="${y + 15}" text-anchor="end">${esc(name)} (${s.n})</text>`];
    if (s.score !== null) {
      parts.push(
        `<rect class="bar" data-subset="${esc(name)}" data-score="${s.score}" x="${label}" y="${y + 3}" width="${f(clamp01(s.score) * width)}" height="16" fill="${COLORS.bar}"/>`,
      );
    }
    if (s.interval)
      parts.push(
        `<line class="interval" x1="${f(x(s.interval[0]))}" x2="${f(x(s.interval[1]))}" y1="${y + 11}" y2="${y + 11}" stroke="${COLORS.interval}" stroke-width="2"/>`,
      );
    for (const which of ['longer', 'shorter'] as const) {
      const v = results.baselines?.[which].subsets[name];
      if (v !== null && v !== undefined)
        parts.push(
          `<rect class="baseline-${which}" x="${f(x(v) - 1.5)}" y="${y}" width="3" height="22" fill="${COLORS[which]}"><title>always ${which}: ${v.toFixed(3)}</title></rect>`,
        );
    }
    return parts.join('');
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (t) =>
      `<line x1="${x(t)}" x2="${x(t)}" y1="4" y2="${h - 22}" stroke="#ddd"/><text x="${x(t)}" y="${h - 8}" text-anchor="middle">${t}</text>`,
  );
  return `<svg id="subset-bars" xmlns="http://www.w3.org/2000/svg" width="${label + width + 20}" height="${h}" font-size="12">${ticks.join('')}${rows.join('')}</svg>`;
}

/** Histograms of the scores of chosen and of rejected responses (or valid and wrong steps), overlaid. */
export function scoreHistogram(rows: readonly RowRecord[], bins = 24): string {
  const pts = rows.flatMap((r) => r.points);
  const w = 620;
  const h = 200;
  if (pts.length === 0)
    return `<svg id="score-hist" xmlns="http://www.w3.org/2000/svg" width="${w}" height="40"><text x="10" y="24">no scores</text></svg>`;
  let lo = Math.min(...pts.map((p) => p.score));
  let hi = Math.max(...pts.map((p) => p.score));
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const count = (role: string) => {
    const c = Array.from({ length: bins }, () => 0);
    for (const p of pts)
      if (p.role === role) c[Math.min(bins - 1, Math.floor(((p.score - lo) / (hi - lo)) * bins))]! += 1;
    return c;
  };
  const chosen = count('chosen');
  const rejected = count('rejected');
  const top = Math.max(1, ...chosen, ...rejected);
  const bw = (w - 40) / bins;
  const bars = (c: number[], role: 'chosen' | 'rejected') =>
    c
      .map((n, i) =>
        n === 0
          ? ''
          : `<rect class="hist-${role}" x="${f(30 + i * bw)}" y="${f(h - 30 - (n / top) * (h - 50))}" width="${f(bw - 1)}" height="${f((n / top) * (h - 50))}" fill="${COLORS[role]}" fill-opacity="0.55"/>`,
      )
      .join('');
  const axis = `<line x1="30" x2="${w - 10}" y1="${h - 30}" y2="${h - 30}" stroke="#888"/><text x="30" y="${h - 12}">${lo.toPrecision(3)}</text><text x="${w - 10}" y="${h - 12}" text-anchor="end">${hi.toPrecision(3)}</text>`;
  return `<svg id="score-hist" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="12">${axis}${bars(chosen, 'chosen')}${bars(rejected, 'rejected')}</svg>`;
}

/** Score against length of every response: a reward that tracks length shows it here. At most `max` points. */
export function lengthScatter(rows: readonly RowRecord[], max = 3000): string {
  const all = rows.flatMap((r) => r.points);
  const step = Math.max(1, Math.ceil(all.length / max));
  const pts = all.filter((_, i) => i % step === 0);
  const w = 620;
  const h = 260;
  if (pts.length === 0)
    return `<svg id="length-scatter" xmlns="http://www.w3.org/2000/svg" width="${w}" height="40"><text x="10" y="24">no scores</text></svg>`;
  const xs = pts.map((p) => p.length);
  const ys = pts.map((p) => p.score);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const px = (v: number) => 50 + ((v - x0) / (x1 - x0 || 1)) * (w - 70);
  const py = (v: number) => h - 35 - ((v - y0) / (y1 - y0)) * (h - 55);
  const dots = pts
    .map(
      (p) =>
        `<circle class="pt-${p.role}" cx="${f(px(p.length))}" cy="${f(py(p.score))}" r="3" fill="${COLORS[p.role]}" fill-opacity="0.6"/>`,
    )
    .join('');
  const axes = `<line x1="50" x2="${w - 20}" y1="${h - 35}" y2="${h - 35}" stroke="#888"/><line x1="50" x2="50" y1="15" y2="${h - 35}" stroke="#888"/><text x="${w - 20}" y="${h - 15}" text-anchor="end">length (characters) ${x0}–${x1}</text><text x="8" y="14">score ${y0.toPrecision(3)}–${y1.toPrecision(3)}</text>`;
  return `<svg id="length-scatter" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="12">${axes}${dots}</svg>`;
}
