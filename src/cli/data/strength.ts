import type { Command } from 'commander';
import {
  type Layout,
  type Pair,
  preferenceStrength,
  quantile,
  strengthDeciles,
  strengthFlag,
  writePair,
} from '../../preference/index.js';
import { textTable } from '../read-jsonl.js';
import { positiveInt } from '../spec-runner.js';
import { eachPair } from './convert.js';
import { collect, type EnsembleFlags, openEnsemble, scoreAll } from './ensemble.js';
import { layoutFlag, numberFlag } from './flags.js';
import { finish, type IoFlags, RowWriter, SkipReport } from './io.js';

interface Pending {
  pair: Pair;
  line: number;
  layout: Layout;
}

/** `rewardkit data strength`: ensemble preference strength per pair (Secrets of RLHF II), deciles and flags. */
export function registerStrength(data: Command): void {
  data
    .command('strength')
    .description(
      'score pairs with an ensemble of rewards: per-pair mean/std of r(chosen) − r(rejected), deciles, flags',
    )
    .requiredOption('--in <file>', 'pairs JSONL in any layout (- for stdin)')
    .option('--spec <file>', 'a reward spec in the ensemble (repeat for more)', collect)
    .option('--reward <kind[@json]>', 'a reward kind in the ensemble, params after @ (repeat for more)', collect)
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option('--ambiguous <band>', '|μ̂| at or below this is flagged ambiguous', '0.05')
    .option('--batch <n>', 'pairs scored per batch', '256')
    .option('--concurrency <n>', 'leaf calls in flight per member', '16')
    .option('--no-cache', 'do not use the model-backend cache')
    .option('--out <file>', 'output JSONL: each row as it came, plus "strength" (default stdout)')
    .option('--report <file>', 'write the report (counts, skips, deciles) as JSON')
    .action(
      async (
        opts: IoFlags &
          EnsembleFlags & { from: string; ambiguous: string; batch: string; concurrency: string; cache: boolean },
      ) => {
        const band = numberFlag(opts.ambiguous, '--ambiguous', (n) => n >= 0, 'a number ≥ 0');
        const batchSize = positiveInt(opts.batch, '--batch');
        const from = opts.from === 'auto' ? 'auto' : layoutFlag(opts.from, '--from', true);
        const members = await openEnsemble(
          {
            ...opts,
            concurrency: positiveInt(String(opts.concurrency), '--concurrency'),
            cache: opts.cache ? undefined : false,
          },
          process.env,
        );
        const report = new SkipReport();
        const out = new RowWriter(opts.out);
        const points: Array<{ mean: number; std: number }> = [];
        const flags = { mislabelled: 0, ambiguous: 0, ok: 0 };
        let batch: Pending[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const samples = batch.flatMap((p, i) => [
            { id: `${i}c`, prompt: p.pair.prompt, response: p.pair.chosen },
            { id: `${i}r`, prompt: p.pair.rejectedPrompt ?? p.pair.prompt, response: p.pair.rejected },
          ]);
          const scores = await Promise.all(members.map((m) => scoreAll(m, samples)));
          for (const [i, p] of batch.entries()) {
            const diffs: number[] = [];
            const missing: Array<{ model: string; why: string }> = [];
            members.forEach((m, k) => {
              const c = scores[k]?.[2 * i];
              const r = scores[k]?.[2 * i + 1];
              if (typeof c === 'number' && typeof r === 'number') diffs.push(c - r);
              else
                missing.push({
                  model: m.name,
                  why: `chosen ${typeof c === 'number' ? 'scored' : c}, rejected ${typeof r === 'number' ? 'scored' : r}`,
                });
            });
            if (diffs.length === 0) {
              report.skip(p.line, `no ensemble member scored both sides (${missing[0]?.why})`);
              continue;
            }
            const s = preferenceStrength(diffs);
            const flag = strengthFlag(s.mean, band);
            flags[flag]++;
            points.push(s);
            const strength = { ...s, flag, diffs, ...(missing.length ? { missing } : {}) };
            await out.write({ ...rowOf(p.pair, p.layout), strength });
            report.written++;
          }
          batch = [];
        };
        try {
          await eachPair(opts.in, from, report, async (pair, line, layout) => {
            batch.push({ pair, line, layout });
            if (batch.length >= batchSize) await flush();
          });
          await flush();
        } finally {
          for (const m of members) m.run.close();
          await out.close();
        }
        const deciles = strengthDeciles(points);
        const sorted = points.map((p) => p.mean).sort((a, b) => a - b);
        const text = [
          `flags: ${flags.mislabelled} likely mislabelled (μ̂ < −${band}), ${flags.ambiguous} ambiguous (|μ̂| ≤ ${band}), ${flags.ok} ok`,
          `μ̂ p10 ${fmt(quantile(sorted, 0.1))}, median ${fmt(quantile(sorted, 0.5))}, p90 ${fmt(quantile(sorted, 0.9))}`,
          textTable(
            ['decile', 'pairs', 'mean μ̂', 'mean σ̂', 'μ̂ < 0'],
            deciles.map((d) => [d.decile, d.n, fmt(d.meanMu), fmt(d.meanSigma), `${Math.round(d.negative * 100)}%`]),
          ),
        ];
        finish(opts.in, report, opts.report, { members: members.map((m) => m.name), flags, deciles }, text);
      },
    );
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/** A pair written back in the layout it came in (pairs built from HelpSteer2 ratings come out as TRL). */
export function rowOf(pair: Pair, layout: Layout): Record<string, unknown> {
  return writePair(pair, layout === 'helpsteer2' ? 'trl' : layout);
}
