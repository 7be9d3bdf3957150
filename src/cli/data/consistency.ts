import type { Command } from 'commander';
import { creamConsistency, kendallTauB } from '../../preference/index.js';
import { eachRow, finish, type IoFlags, RowWriter, SkipReport } from './io.js';

const scoreList = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : undefined;

/**
 * `rewardkit data consistency`: CREAM rank consistency C = (τ_b + 1)/2 between two scorings of the same response
 * lists (e.g. this iteration's reward model and the last one's); C is the soft label for CREAM's consistency-weighted DPO.
 */
export function registerConsistency(data: Command): void {
  data
    .command('consistency')
    .description('CREAM rank consistency (Kendall τ-b → C) between two scorings of the same response lists')
    .requiredOption('--in <file>', 'JSONL with two score lists per row over the same responses')
    .option('--a <field>', 'field of the first scoring', 'scores_a')
    .option('--b <field>', 'field of the second scoring', 'scores_b')
    .option('--out <file>', 'output JSONL: each row plus consistency and tau (default stdout)')
    .option('--report <file>', 'write the report as JSON')
    .action(async (opts: IoFlags & { a: string; b: string }) => {
      const report = new SkipReport();
      const out = new RowWriter(opts.out);
      let sum = 0;
      await eachRow(opts.in, report, async (row, line) => {
        const a = scoreList(row[opts.a]);
        const b = scoreList(row[opts.b]);
        if (!a || !b) return report.skip(line, `"${opts.a}" and "${opts.b}" must both be lists of numbers`);
        if (a.length !== b.length)
          return report.skip(line, `"${opts.a}" has ${a.length} scores and "${opts.b}" ${b.length}`);
        if (a.length < 2) return report.skip(line, 'a ranking needs at least two responses');
        const tau = kendallTauB(a, b);
        if (!Number.isFinite(tau))
          return report.skip(line, 'one scoring gives every response the same score (τ undefined)');
        const consistency = creamConsistency(a, b);
        sum += consistency;
        await out.write({ ...row, consistency, tau });
        report.written++;
      });
      await out.close();
      const mean = report.written ? sum / report.written : Number.NaN;
      finish(opts.in, report, opts.report, { meanConsistency: mean }, [`mean consistency C = ${mean.toFixed(4)}`]);
    });
}
