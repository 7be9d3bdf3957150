// Charts drawn by uPlot (canvas). Each view keeps what it drew in a ChartSet and destroys it before redrawing.
import uPlot from 'uplot';
import type { Bin } from '../src/server/dashboard/api-types';
import { h } from './dom';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
const color = (i: number): string => COLORS[i % COLORS.length] as string;
// uPlot's bar path builder (present in the full build we bundle).
const bars = uPlot.paths.bars as NonNullable<typeof uPlot.paths.bars>;
const HEIGHT = 200;

export interface Line {
  label: string;
  values: Array<number | null>;
}

/** The charts a view drew; `clear` destroys them. */
export class ChartSet {
  #charts: uPlot[] = [];

  clear(): void {
    for (const c of this.#charts) c.destroy();
    this.#charts = [];
  }

  /** Lines over time (`t` in epoch ms) in a new figure appended to `parent`. */
  time(parent: HTMLElement, name: string, title: string, t: number[], lines: Line[]): void {
    const figure = h('figure', { class: 'chart', 'data-chart': name }, h('figcaption', {}, title));
    parent.append(figure);
    const data: uPlot.AlignedData = [t.map((x) => x / 1000), ...lines.map((l) => l.values)];
    this.#charts.push(
      new uPlot(
        {
          width: widthOf(parent),
          height: HEIGHT,
          series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: color(i), width: 2, spanGaps: false }))],
          axes: [{}, { size: 56 }],
        },
        data,
        figure,
      ),
    );
  }

  /** Histogram bars, one series per entry of `counts` (same bins), in a new figure appended to `parent`. */
  bars(parent: HTMLElement, name: string, title: string, bins: readonly Bin[], counts: Line[]): void {
    const figure = h('figure', { class: 'chart', 'data-chart': name }, h('figcaption', {}, title));
    parent.append(figure);
    const x = bins.map((b) => (b.lo + b.hi) / 2);
    const width = bins.length > 0 ? Math.max((bins[0] as Bin).hi - (bins[0] as Bin).lo, 0) : 0;
    const several = counts.length > 1;
    this.#charts.push(
      new uPlot(
        {
          width: widthOf(parent),
          height: HEIGHT,
          scales: {
            x: {
              time: false,
              range: (_u, min, max) => (width > 0 ? [min - width / 2, max + width / 2] : [min - 0.5, max + 0.5]),
            },
            y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
          },
          series: [
            { label: 'score' },
            ...counts.map((c, i) => ({
              label: c.label,
              stroke: color(i),
              fill: `${color(i)}99`,
              width: 1,
              paths: bars({ size: [several ? 0.45 : 0.9, 80], align: several ? (i === 0 ? -1 : 1) : 0 }),
              points: { show: false },
            })),
          ],
          axes: [{}, { size: 48 }],
        },
        [x, ...counts.map((c) => c.values)],
        figure,
      ),
    );
  }
}

function widthOf(el: HTMLElement): number {
  const w = el.clientWidth;
  return Math.max(280, Math.min(w > 0 ? w - 24 : 480, 560));
}
