import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { didYouMean } from '../../core/suggest.js';
import {
  headInputText,
  OBJECTIVES,
  type Objective,
  type PairExample,
  type RatedExample,
  trainHead,
} from '../../heads/index.js';
import { HELPSTEER2_ATTRIBUTES, LayoutError, readRated } from '../../preference/index.js';
import { eachPair } from '../data/convert.js';
import { layoutFlag, numberFlag } from '../data/flags.js';
import { eachRow, SkipReport } from '../data/io.js';
import { positiveInt } from '../spec-runner.js';
import { openFeaturiser } from './featurise.js';

interface Flags {
  in: string;
  out: string;
  objective: string;
  from: string;
  embed?: string;
  backends?: string;
  cache: boolean;
  dim: string;
  ngrams: string;
  input: string;
  hidden: string;
  epochs: string;
  lr: string;
  batch: string;
  seed: string;
  l2: string;
  holdout: string;
  alpha: string;
  tieMargin: string;
  tieMode: string;
  palK: string;
  palDim: string;
  userField: string;
  attributes: string;
  report?: string;
}

const int0 = (v: string, flag: string) => numberFlag(v, flag, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0');

/** `rewardkit train-head`: fits a linear/MLP reward head on hashed n-grams or embeddings; saves it for the `head` kind. */
export function registerTrainHead(program: Command): void {
  program
    .command('train-head')
    .description(
      'train a small reward head (BT, margin/scaled/smoothed BT, ties, ordinal, PAL, regression) and save it',
    )
    .requiredOption('--in <file>', 'pairs JSONL in any layout, or HelpSteer2 rows for --objective regression')
    .requiredOption('--out <file>', 'where to write the head JSON (served by the `head` reward kind)')
    .option('--objective <name>', OBJECTIVES.join(', '), 'bt')
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option('--embed <backend>', 'featurise with this embeddings backend instead of hashed n-grams')
    .option('--backends <file>', 'YAML/JSON map of backend configs (as under a spec\'s "backends:")')
    .option('--no-cache', 'do not use the model-backend cache for embeddings')
    .option('--dim <n>', 'hashed n-grams: buckets', '1024')
    .option('--ngrams <n>', 'hashed n-grams: largest n', '2')
    .option('--input <what>', 'featurise the response, or prompt-response', 'prompt-response')
    .option('--hidden <n>', 'MLP hidden units (0 = linear)', '0')
    .option('--epochs <n>', 'passes over the data', '5')
    .option('--lr <x>', 'Adam learning rate', '0.05')
    .option('--batch <n>', 'minibatch size', '64')
    .option('--seed <n>', 'seed for init, split and order', '1')
    .option('--l2 <x>', 'L2 weight decay', '0')
    .option('--holdout <f>', 'fraction held out for the report', '0.1')
    .option('--alpha <a>', 'smoothed: label smoothing α (0.1: a reconstruction)', '0.1')
    .option('--tie-margin <m>', 'ties: SoliReward reward_margin', '0')
    .option('--tie-mode <mode>', 'ordinal: strict or half', 'strict')
    .option('--pal-k <n>', 'pal: prototypes', '4')
    .option('--pal-dim <n>', 'pal: ideal-point dimension', '8')
    .option('--user-field <field>', 'pal: field naming the annotator', 'user')
    .option('--attributes <list>', 'regression: comma-separated HelpSteer2 attributes', HELPSTEER2_ATTRIBUTES.join(','))
    .option('--report <file>', 'write the training report as JSON')
    .action(async (o: Flags) => {
      if (!(OBJECTIVES as readonly string[]).includes(o.objective))
        throw new Error(
          `--objective must be one of ${OBJECTIVES.join(', ')}, got "${o.objective}"${didYouMean(o.objective, OBJECTIVES)}`,
        );
      const objective = o.objective as Objective;
      if (o.input !== 'response' && o.input !== 'prompt-response')
        throw new Error(`--input must be response or prompt-response, got "${o.input}"`);
      if (o.tieMode !== 'strict' && o.tieMode !== 'half')
        throw new Error(`--tie-mode must be strict or half, got "${o.tieMode}"`);
      const input = o.input;
      const feat = openFeaturiser(
        {
          embed: o.embed,
          backends: o.backends,
          dim: positiveInt(o.dim, '--dim'),
          ngrams: positiveInt(o.ngrams, '--ngrams'),
          seed: int0(o.seed, '--seed'),
          cache: o.cache ? undefined : false,
        },
        process.env,
      );
      const read = new SkipReport();
      const texts: string[] = [];
      const users: string[] = [];
      const attributes = o.attributes.split(',').map((s) => s.trim());
      type Raw =
        | { kind: 'pair'; c: number; r: number; meta: Omit<PairExample, 'chosen' | 'rejected'> }
        | { kind: 'rated'; x: number; targets: number[] };
      const raws: Raw[] = [];
      try {
        if (objective === 'regression') {
          for (const a of attributes)
            if (!(HELPSTEER2_ATTRIBUTES as readonly string[]).includes(a))
              throw new Error(`--attributes: unknown attribute "${a}"${didYouMean(a, HELPSTEER2_ATTRIBUTES)}`);
          await eachRow(o.in, read, (row, line) => {
            try {
              const rated = readRated(row);
              const missing = attributes.find((a) => rated.ratings[a] === undefined);
              if (missing) return read.skip(line, `no "${missing}" rating`);
              raws.push({
                kind: 'rated',
                x: texts.push(headInputText(rated.prompt, rated.response, input)) - 1,
                targets: attributes.map((a) => rated.ratings[a] as number),
              });
            } catch (err) {
              if (!(err instanceof LayoutError)) throw err;
              read.skip(line, `helpsteer2: ${err.message}`);
            }
          });
        } else {
          const from = o.from === 'auto' ? 'auto' : layoutFlag(o.from, '--from', true);
          await eachPair(o.in, from, read, async (pair) => {
            const meta: Raw & { kind: 'pair' } = {
              kind: 'pair',
              c: texts.push(headInputText(pair.prompt, pair.chosen, input)) - 1,
              r: texts.push(headInputText(pair.rejectedPrompt ?? pair.prompt, pair.rejected, input)) - 1,
              meta: {},
            };
            if (pair.tie || pair.extra.tie === true) meta.meta.tie = true;
            const margin = pair.margin ?? pair.extra.margin;
            if (typeof margin === 'number') meta.meta.margin = margin;
            if (pair.magnitude !== undefined) meta.meta.magnitude = pair.magnitude;
            const u = pair.extra[o.userField];
            if (typeof u === 'string' || typeof u === 'number') {
              const key = String(u);
              let idx = users.indexOf(key);
              if (idx < 0) idx = users.push(key) - 1;
              meta.meta.user = idx;
            }
            raws.push(meta);
          });
        }
        const vectors = await feat.vectors(texts);
        const examples = raws.map((r) =>
          r.kind === 'rated'
            ? ({ x: vectors[r.x] as Float64Array, targets: r.targets } satisfies RatedExample)
            : ({
                chosen: vectors[r.c] as Float64Array,
                rejected: vectors[r.r] as Float64Array,
                ...r.meta,
              } satisfies PairExample),
        );
        const { file, report } = trainHead(examples, {
          objective,
          featuriser: feat.config,
          input,
          hidden: int0(o.hidden, '--hidden'),
          epochs: positiveInt(o.epochs, '--epochs'),
          lr: numberFlag(o.lr, '--lr', (n) => n > 0, 'a positive number'),
          batch: positiveInt(o.batch, '--batch'),
          seed: int0(o.seed, '--seed'),
          l2: numberFlag(o.l2, '--l2', (n) => n >= 0, 'a number ≥ 0'),
          holdout: numberFlag(o.holdout, '--holdout', (n) => n >= 0 && n < 1, 'a fraction in [0, 1)'),
          alpha: numberFlag(o.alpha, '--alpha', (n) => n >= 0 && n < 0.5, 'a number in [0, 0.5)'),
          tieMargin: numberFlag(o.tieMargin, '--tie-margin'),
          tieMode: o.tieMode,
          palK: positiveInt(o.palK, '--pal-k'),
          palDim: positiveInt(o.palDim, '--pal-dim'),
          users,
          attributes,
        });
        writeFileSync(o.out, `${JSON.stringify(file)}\n`);
        const lines = [
          ...read.lines(o.in).map((l) => l.replace(/wrote \d+/, `used ${raws.length}`)),
          `${objective}: trained on ${report.train}, held out ${report.heldOut}; ${report.skipped.length} not usable for this objective`,
          ...summarise(report.skipped),
          report.accuracy !== undefined
            ? `held-out accuracy ${(report.accuracy * 100).toFixed(1)}%, ECE ${report.calibration?.ece.toFixed(3)}`
            : report.rmse
              ? `held-out RMSE ${Object.entries(report.rmse)
                  .map(([k, v]) => `${k} ${v.toFixed(3)}`)
                  .join(', ')}`
              : 'nothing held out',
          ...(report.tieGap !== undefined ? [`held-out tie pairs: mean |Δ| ${report.tieGap.toFixed(3)}`] : []),
          `saved ${o.out}`,
        ];
        for (const l of lines) process.stderr.write(`${l}\n`);
        if (o.report) writeFileSync(o.report, `${JSON.stringify({ read: read.toJSON(), ...report }, null, 2)}\n`);
      } finally {
        feat.close();
      }
    });
}

function summarise(skipped: Array<{ index: number; reason: string }>): string[] {
  const by = new Map<string, number>();
  for (const s of skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
  return [...by].map(([reason, n]) => `  not used ${n}: ${reason}`);
}
