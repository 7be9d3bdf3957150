import type { Command } from 'commander';
import type { Pair } from '../../preference/index.js';
import { quantile } from '../../preference/index.js';
import { eachPair } from './convert.js';
import { layoutFlag, numberFlag } from './flags.js';
import { finish, type IoFlags, RowWriter, SkipReport } from './io.js';
import { rowOf } from './strength.js';

const MODES = ['flip', 'soft', 'margin', 'soft-margin'] as const;
type Mode = (typeof MODES)[number];

/** μ̂ written by `data strength`, or why the row has none. */
function meanOf(pair: Pair): number | string {
  const s = pair.extra.strength as { mean?: unknown } | null | undefined;
  if (s === undefined || s === null || typeof s !== 'object') return 'no "strength" field (run data strength first)';
  return typeof s.mean === 'number' && Number.isFinite(s.mean) ? s.mean : '"strength.mean" is not a number';
}

/**
 * `rewardkit data fix`: Secrets of RLHF II recipes on strength-annotated pairs — flip the lowest-strength pairs
 * (default: μ̂ below the 10th percentile, and only where μ̂ < 0), or emit soft labels and/or adaptive margins.
 */
export function registerFix(data: Command): void {
  data
    .command('fix')
    .description('flip the lowest-strength pairs, or add soft labels (label_smoothing) and margins (margin = μ̂)')
    .requiredOption('--in <file>', 'output of data strength (a file: the percentile cut reads it twice)')
    .option('--mode <mode>', `${MODES.join(', ')}`, 'flip')
    .option('--below-percentile <p>', 'act on pairs with μ̂ below this percentile of all μ̂ (0..100)', '10')
    .option('--below <value>', 'act on pairs with μ̂ below this value instead of a percentile')
    .option(
      '--alpha <a>',
      'label smoothing α for soft modes (0.1: a reconstruction, the paper does not state it)',
      '0.1',
    )
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option('--out <file>', 'output JSONL in the input layout (default stdout)')
    .option('--report <file>', 'write the report as JSON')
    .action(
      async (
        opts: IoFlags & { mode: string; belowPercentile: string; below?: string; alpha: string; from: string },
      ) => {
        if (!(MODES as readonly string[]).includes(opts.mode))
          throw new Error(`--mode must be one of ${MODES.join(', ')}, got "${opts.mode}"`);
        const mode = opts.mode as Mode;
        const alpha = numberFlag(opts.alpha, '--alpha', (a) => a >= 0 && a < 0.5, 'a number in [0, 0.5)');
        const from = opts.from === 'auto' ? 'auto' : layoutFlag(opts.from, '--from', true);
        let cut: number;
        if (opts.below !== undefined) cut = numberFlag(opts.below, '--below');
        else {
          if (opts.in === '-')
            throw new Error('a percentile cut reads the input twice: give a file, or --below VALUE for stdin');
          const p = numberFlag(
            opts.belowPercentile,
            '--below-percentile',
            (n) => n >= 0 && n <= 100,
            'a number in 0..100',
          );
          const means: number[] = [];
          await eachPair(opts.in, from, new SkipReport(), async (pair) => {
            const m = meanOf(pair);
            if (typeof m === 'number') means.push(m);
          });
          cut = quantile(
            means.sort((a, b) => a - b),
            p / 100,
          );
        }
        const report = new SkipReport();
        const out = new RowWriter(opts.out);
        const counts = { flipped: 0, smoothed: 0, margins: 0, belowCutNotNegative: 0 };
        await eachPair(opts.in, from, report, async (pair, line, layout) => {
          const mean = meanOf(pair);
          if (typeof mean === 'string') return report.skip(line, mean);
          const low = mean < cut;
          // Flipping or smoothing a pair the ensemble prefers as labelled would add noise: only μ̂ < 0 is acted on.
          if (low && mean >= 0) counts.belowCutNotNegative++;
          const act = low && mean < 0;
          const strength = { ...(pair.extra.strength as object) } as Record<string, unknown>;
          if (mode === 'flip' && act) {
            [pair.chosen, pair.rejected] = [pair.rejected, pair.chosen];
            if (pair.rejectedPrompt !== undefined)
              [pair.prompt, pair.rejectedPrompt] = [pair.rejectedPrompt, pair.prompt];
            strength.mean = -mean;
            if (Array.isArray(strength.diffs)) strength.diffs = (strength.diffs as number[]).map((d) => -d);
            strength.fixed = 'flipped';
            counts.flipped++;
          }
          if ((mode === 'soft' || mode === 'soft-margin') && act) {
            pair.extra.label_smoothing = alpha;
            counts.smoothed++;
          }
          if (mode === 'margin' || mode === 'soft-margin') {
            pair.margin = mean;
            pair.extra.margin = mean;
            counts.margins++;
          }
          pair.extra.strength = strength;
          await out.write(rowOf(pair, layout));
          report.written++;
        });
        await out.close();
        const text = [
          `cut μ̂ < ${cut.toFixed(4)}: flipped ${counts.flipped}, smoothed ${counts.smoothed}, margins set ${counts.margins}`,
          ...(counts.belowCutNotNegative
            ? [`${counts.belowCutNotNegative} pairs below the cut have μ̂ ≥ 0 and were left as labelled`]
            : []),
        ];
        finish(opts.in, report, opts.report, { cut, mode, ...counts }, text);
      },
    );
}
