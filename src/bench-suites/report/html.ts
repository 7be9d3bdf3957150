// The run's report: one self-contained HTML file (inline CSS and SVG, no script or network) that opens from disk.
import type { BenchResults, RowRecord } from '../run/evaluate.js';
import { COLORS, esc, lengthScatter, scoreHistogram, subsetBars } from './charts.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}`);
const ci = (i: [number, number] | null) => (i ? `${pct(i[0])}–${pct(i[1])}` : '–');

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#1b1f24;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.muted{color:#667}
.head{display:flex;gap:28px;flex-wrap:wrap;margin:14px 0}.head div{min-width:110px}.big{font-size:28px;font-weight:600}
table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:right}
td:first-child,th:first-child{text-align:left}.warn{background:#fff4e5;border-left:4px solid #e8590c;padding:8px 12px}
.key span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}`;

/** The report page for a run. */
export function renderReport(
  results: BenchResults,
  rows: readonly RowRecord[],
  run: { spec: string; data: string },
): string {
  const subsetRows = Object.entries(results.subsets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, s]) =>
        `<tr><td>${esc(name)}</td><td>${s.n}</td><td>${pct(s.score)}</td><td>${ci(s.interval)}</td><td>${pct(s.accuracy)}</td><td>${pct(results.baselines?.longer.subsets[name])}</td><td>${pct(results.baselines?.shorter.subsets[name])}</td><td>${s.unscored}</td></tr>`,
    )
    .join('');
  const key = (items: Array<[string, string]>) =>
    `<p class="key">${items.map(([c, t]) => `<span style="background:${c}"></span>${esc(t)}`).join('')}</p>`;
  const b = results.baselines;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rewardkit bench: ${esc(results.suite)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(results.suite)} <span class="muted">· ${esc(run.spec)}</span></h1>
<div class="muted">${esc(run.data)} · ${results.rows} rows · ${results.mode} scoring · bootstrap ${results.bootstrap.resamples} resamples, seed ${results.bootstrap.seed}</div>
<div class="head">
<div><div class="muted">score</div><div class="big" id="headline">${pct(results.score)}</div><div class="muted">95% ${ci(results.interval)}</div></div>
<div><div class="muted">overall accuracy</div><div class="big">${pct(results.overall)}</div></div>
<div><div class="muted">macro accuracy</div><div class="big">${pct(results.macro)}</div></div>
${b ? `<div><div class="muted">always longer</div><div class="big">${pct(b.longer.score)}</div></div><div><div class="muted">always shorter</div><div class="big">${pct(b.shorter.score)}</div></div>` : ''}
<div><div class="muted">unscored rows</div><div class="big">${results.unscored}</div></div>
</div>
${results.warnings.map((w) => `<p class="warn">${esc(w)}</p>`).join('')}
<h2>Subsets</h2>
${key([
  [COLORS.bar, 'score'],
  [COLORS.interval, '95% interval'],
  ...(b
    ? ([
        [COLORS.longer, 'always longer'],
        [COLORS.shorter, 'always shorter'],
      ] as Array<[string, string]>)
    : []),
])}
${subsetBars(results)}
<table><thead><tr><th>subset</th><th>rows</th><th>score</th><th>95% interval</th><th>accuracy</th><th>longer</th><th>shorter</th><th>unscored</th></tr></thead><tbody>${subsetRows}</tbody></table>
<h2>Scores of chosen and rejected ${results.extra.threshold !== undefined ? 'steps (valid vs wrong)' : 'responses'}</h2>
${key([
  [COLORS.chosen, 'chosen / valid'],
  [COLORS.rejected, 'rejected / wrong'],
])}
${scoreHistogram(rows)}
<h2>Length bias</h2>
<p class="muted">Each dot is one response (or step): a reward that rises with length leans right-up.</p>
${lengthScatter(rows)}
<h2>Every number</h2>
<pre>${esc(JSON.stringify({ score: results.score, interval: results.interval, extra: results.extra }, null, 2))}</pre>
</body></html>
`;
}
