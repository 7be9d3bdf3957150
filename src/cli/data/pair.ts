import type { Command } from 'commander';
import { mulberry32 } from '../../core/prng.js';
import {
  type BuiltPair,
  crossPromptPairs,
  type LabelledItem,
  LayoutError,
  pairsOfPrompt,
  readLabel,
  writePair,
} from '../../preference/index.js';
import { positiveInt } from '../spec-runner.js';
import { eachRow, finish, type IoFlags, RowWriter, SkipReport } from './io.js';

/**
 * `rewardkit data pair`: pairs from single-item pass/fail labels (SoliReward): within each prompt every pass ≻ fail
 * is a win pair and every pass/pass a tie pair (`tie: true`, for `train-head --objective ties`). Holds the items
 * of the whole file in memory, since a prompt's items need not be adjacent.
 */
export function registerPair(data: Command): void {
  data
    .command('pair')
    .description('build win and tie pairs from single-item pass/fail labels, per prompt (SoliReward)')
    .requiredOption('--in <file>', 'JSONL of {prompt, response, label} (label: pass/fail, true/false, 1/0)')
    .option('--label <field>', 'field holding the label', 'label')
    .option('--no-ties', 'do not emit pass/pass tie pairs')
    .option('--fail-ties', 'also emit fail/fail pairs as ties')
    .option('--max-per-prompt <n>', 'at most this many pairs per prompt (a seeded sample)', '64')
    .option(
      '--across-prompts',
      'pair items of different prompts (SoliReward cross-prompt pairing); writes OpenRLHF rows',
    )
    .option('--per-item <n>', 'with --across-prompts: partners drawn per pass item (wins, and ties)', '1')
    .option('--seed <n>', 'seed for the per-prompt sample', '1')
    .option('--out <file>', 'output JSONL: TRL layout (prompt, chosen, rejected) plus tie and source lines')
    .option('--report <file>', 'write the report as JSON')
    .action(
      async (
        opts: IoFlags & {
          label: string;
          ties: boolean;
          failTies?: boolean;
          maxPerPrompt: string;
          seed: string;
          acrossPrompts?: boolean;
          perItem: string;
        },
      ) => {
        const max = positiveInt(opts.maxPerPrompt, '--max-per-prompt');
        const rand = mulberry32(positiveInt(opts.seed, '--seed'));
        const report = new SkipReport();
        const groups = new Map<string, LabelledItem[]>();
        await eachRow(opts.in, report, (row, line) => {
          const { prompt, response, [opts.label]: label, ...extra } = row;
          if (typeof prompt !== 'string' && !Array.isArray(prompt))
            return report.skip(line, 'missing or mistyped field "prompt"');
          if (typeof response !== 'string' && !Array.isArray(response))
            return report.skip(line, 'missing or mistyped field "response"');
          const pass = readLabel(label);
          if (pass === undefined) return report.skip(line, `field "${opts.label}" is not a pass/fail label`);
          const key = JSON.stringify(prompt);
          groups.set(key, [...(groups.get(key) ?? []), { line, prompt, response, pass, extra }]);
        });
        const out = new RowWriter(opts.out);
        let wins = 0;
        let ties = 0;
        const batches: Array<{ items: LabelledItem[]; pairs: BuiltPair[]; none: string }> = opts.acrossPrompts
          ? [
              {
                items: [...groups.values()].flat(),
                pairs: crossPromptPairs([...groups.values()].flat(), {
                  ties: opts.ties,
                  perItem: positiveInt(opts.perItem, '--per-item'),
                  rand,
                }),
                none: 'no item of another prompt to pair it with',
              },
            ]
          : [...groups.values()].map((items) => ({
              items,
              pairs: pairsOfPrompt(items, {
                ties: opts.ties,
                failTies: opts.failTies ?? false,
                maxPerPrompt: max,
                rand,
              }),
              none: 'its prompt has nothing to pair it with',
            }));
        for (const { items, pairs, none } of batches) {
          const written: BuiltPair[] = [];
          for (const p of pairs) {
            const extra = { tie: p.tie, source_lines: [p.chosen.line, p.rejected.line] };
            const row = opts.acrossPrompts
              ? crossRow(p, extra)
              : { prompt: p.chosen.prompt, chosen: p.chosen.response, rejected: p.rejected.response, ...extra };
            if (typeof row === 'string') continue;
            await out.write(row);
            written.push(p);
            if (p.tie) ties++;
            else wins++;
          }
          const used = new Set(written.flatMap((p) => [p.chosen.line, p.rejected.line]));
          for (const item of items) {
            if (!used.has(item.line))
              report.skip(
                item.line,
                pairs.length === 0 ? none : `not in the pairs kept (or its reply is a message list)`,
              );
          }
        }
        await out.close();
        // `written` counts input items that went into at least one pair.
        report.written = report.read - report.skipped;
        finish(opts.in, report, opts.report, { pairs: wins + ties, wins, ties }, [
          `${wins + ties} pairs: ${wins} wins, ${ties} ties`,
        ]);
      },
    );
}

/** A cross-prompt pair as an OpenRLHF row (each side its own conversation), or why it cannot be one. */
function crossRow(p: BuiltPair, extra: Record<string, unknown>): Record<string, unknown> | string {
  try {
    return writePair(
      {
        prompt: p.chosen.prompt as never,
        chosen: p.chosen.response as never,
        rejected: p.rejected.response as never,
        rejectedPrompt: p.rejected.prompt as never,
        extra,
      },
      'openrlhf',
    );
  } catch (err) {
    if (err instanceof LayoutError) return err.message;
    throw err;
  }
}
