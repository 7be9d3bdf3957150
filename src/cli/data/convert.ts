import type { Command } from 'commander';
import {
  detectLayout,
  LAYOUTS,
  type Layout,
  LayoutError,
  type Pair,
  pairRated,
  type Rated,
  readPair,
  readRated,
  writePair,
} from '../../preference/index.js';
import { layoutFlag, magnitudeFlag } from './flags.js';
import { eachRow, finish, type IoFlags, RowWriter, SkipReport } from './io.js';

/** Reads rows of any pair layout (or pairs HelpSteer2's consecutive rows of one prompt) and hands each pair on. */
export async function eachPair(
  file: string,
  from: Layout | 'auto',
  report: SkipReport,
  fn: (pair: Pair, line: number, layout: Layout) => Promise<void>,
  helpsteer2Attribute = 'helpfulness',
): Promise<void> {
  let pending: { rated: Rated; line: number; key: string } | undefined;
  const flushAlone = () => {
    if (pending) report.skip(pending.line, 'HelpSteer2 row with no other response of its prompt on the next row');
    pending = undefined;
  };
  await eachRow(file, report, async (row, line) => {
    const layout = from === 'auto' ? detectLayout(row) : from;
    if (!layout) return report.skip(line, 'row matches no known layout (pass --from)');
    try {
      if (layout === 'helpsteer2') {
        const rated = readRated(row);
        const key = JSON.stringify(rated.prompt);
        if (pending && pending.key === key) {
          const first = pending;
          pending = undefined;
          return await fn(pairRated(first.rated, rated, helpsteer2Attribute), first.line, layout);
        }
        flushAlone();
        pending = { rated, line, key };
        return;
      }
      flushAlone();
      await fn(readPair(row, layout), line, layout);
    } catch (err) {
      if (err instanceof LayoutError) report.skip(line, `${layout}: ${err.message}`);
      else throw err;
    }
  });
  flushAlone();
}

/** `rewardkit data convert`: between the HelpSteer2, HelpSteer2-Preference, RewardBench, TRL/DPO and OpenRLHF layouts. */
export function registerConvert(data: Command): void {
  data
    .command('convert')
    .description(
      'convert preference data between layouts (trl, openrlhf, rewardbench, helpsteer2-preference; helpsteer2 in)',
    )
    .requiredOption('--in <file>', 'input JSONL (- for stdin)')
    .requiredOption('--to <layout>', `output layout: ${LAYOUTS.filter((l) => l !== 'helpsteer2').join(', ')}`)
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option(
      '--attribute <name>',
      'HelpSteer2 in: the attribute that decides chosen (default helpfulness)',
      'helpfulness',
    )
    .option('--magnitude <n>', 'helpsteer2-preference out: strength for pairs that carry none (1..3)')
    .option('--out <file>', 'output JSONL (default stdout)')
    .option('--report <file>', 'write the read/written/skipped report as JSON')
    .action(async (opts: IoFlags & { to: string; from: string; attribute: string; magnitude?: string }) => {
      const to = layoutFlag(opts.to, '--to', false) as Layout;
      const from = opts.from === 'auto' ? 'auto' : layoutFlag(opts.from, '--from', true);
      const magnitude = magnitudeFlag(opts.magnitude);
      const report = new SkipReport();
      const out = new RowWriter(opts.out);
      await eachPair(
        opts.in,
        from,
        report,
        async (pair, line) => {
          if (magnitude !== undefined && !pair.tie && pair.magnitude === undefined) pair.magnitude = magnitude;
          try {
            await out.write(writePair(pair, to));
            report.written++;
          } catch (err) {
            if (!(err instanceof LayoutError)) throw err;
            report.skip(line, `${to}: ${err.message}`);
          }
        },
        opts.attribute,
      );
      await out.close();
      finish(opts.in, report, opts.report);
    });
}
