import type { Command } from 'commander';
import type { Message } from '../../core/types.js';
import type { Pair, Turns } from '../../preference/index.js';
import { conditionText, DRS_DEFAULTS, drsBeta, relabelTemplates } from '../../preference/index.js';
import { positiveInt } from '../spec-runner.js';
import { eachPair } from './convert.js';
import { collect, type EnsembleFlags, openEnsemble, scoreAll } from './ensemble.js';
import { layoutFlag, numberFlag } from './flags.js';
import { finish, type IoFlags, RowWriter, SkipReport } from './io.js';
import { rowOf } from './strength.js';

/** The prompt with the score condition appended to its last user turn (or the string). */
function conditioned(prompt: Turns, text: string, where: 'prefix' | 'suffix'): Turns {
  const join = (s: string) => (where === 'suffix' ? s + text : text + s);
  if (typeof prompt === 'string') return join(prompt);
  const i = prompt.map((m) => m.role).lastIndexOf('user');
  const last = prompt[i];
  if (!last || typeof last.content !== 'string')
    throw new Error('the prompt has no user turn with string content to condition');
  return prompt.map((m, k): Message => (k === i ? { ...m, content: join(last.content as string) } : m));
}

/**
 * `rewardkit data relabel`: Reward-Augmented Data (score-conditioned pairs: x ⊕ "score s_w" with y_w ≻ y_l and
 * x ⊕ "score s_l" with y_l ≻ y_w) and the MM-RLHF dynamic-reward-scaling β per pair, from `chosen_score` /
 * `rejected_score` fields or from the mean of an ensemble's scores.
 */
export function registerRelabel(data: Command): void {
  data
    .command('relabel')
    .description(
      'reward-augmented (score-conditioned) pairs and a DRS β per pair, from scores in the rows or an ensemble',
    )
    .requiredOption('--in <file>', 'pairs JSONL in any layout (- for stdin)')
    .option('--spec <file>', 'score with this spec (repeat: the mean of the members)', collect)
    .option('--reward <kind[@json]>', 'score with this reward kind (repeat: the mean)', collect)
    .option('--max-score <s>', 'the top of the score scale named in the condition', '10')
    .option('--template <key>', 'condition template in data/relabel-templates.json: suffix or prefix', 'suffix')
    .option('--no-augment', 'only add drs_beta; do not write the two conditioned pairs')
    .option('--beta <b>', 'DRS β_ori (0.1: a reconstruction)', String(DRS_DEFAULTS.betaOri))
    .option('--w <w>', 'DRS w (0.5: a reconstruction)', String(DRS_DEFAULTS.w))
    .option('--k <k>', 'DRS k (0.5: a reconstruction)', String(DRS_DEFAULTS.k))
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option('--concurrency <n>', 'leaf calls in flight per member', '16')
    .option('--out <file>', 'output JSONL in the input layout (default stdout)')
    .option('--report <file>', 'write the report as JSON')
    .action(async (opts: IoFlags & EnsembleFlags & Record<string, string | boolean | string[] | undefined>) => {
      const templates = relabelTemplates();
      const key = String(opts.template);
      const template = templates[key];
      if (!template) throw new Error(`--template must be one of ${Object.keys(templates).join(', ')}, got "${key}"`);
      const where = key === 'prefix' ? 'prefix' : 'suffix';
      const max = numberFlag(String(opts.maxScore), '--max-score');
      const drs = {
        betaOri: numberFlag(String(opts.beta), '--beta', (n) => n > 0, 'a positive number'),
        w: numberFlag(String(opts.w), '--w', (n) => n >= 0, 'a number ≥ 0'),
        k: numberFlag(String(opts.k), '--k', (n) => n >= 0, 'a number ≥ 0'),
      };
      const from = opts.from === 'auto' ? 'auto' : layoutFlag(String(opts.from), '--from', true);
      const scoring = (opts.spec?.length ?? 0) + (opts.reward?.length ?? 0) > 0;
      const members = scoring
        ? await openEnsemble(
            {
              spec: opts.spec,
              reward: opts.reward,
              concurrency: positiveInt(String(opts.concurrency), '--concurrency'),
            },
            process.env,
          )
        : [];
      const report = new SkipReport();
      const out = new RowWriter(opts.out);
      let augmented = 0;
      try {
        await eachPair(opts.in, from, report, async (pair, line, layout) => {
          const scores = scoring ? await ensembleScores(members, pair) : fieldScores(pair);
          if (typeof scores === 'string') return report.skip(line, scores);
          const [sw, sl] = scores;
          const beta = drsBeta(sw - sl, drs);
          const base: Pair = {
            ...pair,
            extra: { ...pair.extra, chosen_score: sw, rejected_score: sl, drs_beta: beta },
          };
          if (opts.augment === false) {
            await out.write(rowOf(base, layout));
            report.written++;
            return;
          }
          if (pair.rejectedPrompt !== undefined)
            return report.skip(line, 'cross-prompt pair: score conditioning needs one prompt shared by both responses');
          let up: Turns;
          let down: Turns;
          try {
            up = conditioned(pair.prompt, conditionText(template, sw, max), where);
            down = conditioned(pair.prompt, conditionText(template, sl, max), where);
          } catch (err) {
            return report.skip(line, (err as Error).message);
          }
          await out.write(rowOf({ ...base, prompt: up, extra: { ...base.extra, condition_score: sw } }, layout));
          await out.write(
            rowOf(
              {
                ...base,
                prompt: down,
                chosen: pair.rejected,
                rejected: pair.chosen,
                extra: { ...base.extra, condition_score: sl },
              },
              layout,
            ),
          );
          augmented++;
          report.written++;
        });
      } finally {
        for (const m of members) m.run.close();
        await out.close();
      }
      finish(opts.in, report, opts.report, { augmentedPairs: augmented, drs }, [
        opts.augment === false
          ? 'added drs_beta to every written pair'
          : `${augmented} pairs → ${2 * augmented} score-conditioned pairs`,
      ]);
    });
}

function fieldScores(pair: Pair): [number, number] | string {
  const c = pair.extra.chosen_score;
  const r = pair.extra.rejected_score;
  if (typeof c !== 'number' || typeof r !== 'number' || !Number.isFinite(c) || !Number.isFinite(r))
    return 'no numeric chosen_score / rejected_score fields (or pass --spec / --reward to score)';
  return [c, r];
}

async function ensembleScores(
  members: Awaited<ReturnType<typeof openEnsemble>>,
  pair: Pair,
): Promise<[number, number] | string> {
  const samples = [
    { prompt: pair.prompt, response: pair.chosen },
    { prompt: pair.rejectedPrompt ?? pair.prompt, response: pair.rejected },
  ];
  let c = 0;
  let r = 0;
  for (const m of members) {
    const [sc, sr] = await scoreAll(m, samples);
    if (typeof sc !== 'number' || typeof sr !== 'number')
      return `${m.name} did not score both sides (${typeof sc === 'number' ? sr : sc})`;
    c += sc / members.length;
    r += sr / members.length;
  }
  return [c, r];
}
