import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { type Candidate, rankAt1, type StepAggregate } from '../tools/rank-at-1.js';

const line = z.object({
  group: z.union([z.string(), z.number()]),
  correct: z.boolean(),
  orm: z.number().optional(),
  steps: z.array(z.number()).optional(),
});

/** `rewardkit rank-at-1 --in FILE`: ToolComp rank@1 of ORM and PRM scores over trajectories grouped by problem. */
export function registerRankAt1(program: Command): void {
  program
    .command('rank-at-1')
    .description('ToolComp rank@1: how often the top-scored trajectory of a problem is correct, ORM vs PRM')
    .requiredOption(
      '--in <file>',
      'JSONL, one trajectory a line: {"group", "correct", "orm"?, "steps"?: [PRM step scores]}',
    )
    .option('--aggregate <how>', 'PRM step aggregation: min, product, mean or last', 'min')
    .action((opts: { in: string; aggregate: string }) => {
      if (!['min', 'product', 'mean', 'last'].includes(opts.aggregate))
        throw new Error(`--aggregate must be min, product, mean or last, got "${opts.aggregate}"`);
      const groups = new Map<string, Candidate[]>();
      readFileSync(opts.in, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (text.trim() === '') return;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw new Error(`${opts.in}:${i + 1}: not valid JSON`);
          }
          const parsed = line.safeParse(value);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new Error(`${opts.in}:${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message}`);
          }
          const { group, ...candidate } = parsed.data;
          const key = String(group);
          groups.set(key, [...(groups.get(key) ?? []), candidate as Candidate]);
        });
      const problems = [...groups.values()];
      const report = {
        orm: rankAt1(problems, 'orm'),
        prm: rankAt1(problems, 'prm', opts.aggregate as StepAggregate),
        aggregate: opts.aggregate,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
