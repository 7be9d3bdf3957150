import type { Command } from 'commander';
import { parseSample } from '../core/sample-schema.js';
import type { RewardResult, Sample } from '../core/types.js';
import { DiffAccumulator, type DiffReport } from '../integrity/index.js';
import { readJsonlObjects, textTable } from './read-jsonl.js';
import { positiveInt, specRunner } from './spec-runner.js';

interface DiffFlags {
  in: string;
  json?: boolean;
  limit: string;
  concurrency: string;
}

/** The report as text: agreement, flips, component deltas, then the first disagreeing samples. */
export function formatDiff(report: DiffReport, a: string, b: string, limit: number): string {
  const flips = Object.entries(report.flips).map(([k, v]) => [k, v]);
  const comps = Object.entries(report.components).map(([k, c]) => [k, c.n, c.changed, c.meanDelta.toFixed(4)]);
  const shown = report.disagreements.slice(0, limit).map((d) => {
    const side = (r: RewardResult) =>
      `${r.status}${r.status === 'scored' ? ` ${r.score}` : ` ${r.code}`} ${JSON.stringify(r.details ?? {}).slice(0, 160)}`;
    return `- line ${d.line}${d.id !== undefined && d.id !== null ? ` (${String(d.id)})` : ''}: ${d.flip}\n    A: ${side(d.a)}\n    B: ${side(d.b)}`;
  });
  return [
    `diff A=${a} B=${b}: ${report.samples} samples, ${report.agree} agree (${(report.agreement * 100).toFixed(1)}%)`,
    flips.length ? textTable(['flip (A→B)', 'samples'], flips) : 'no flips',
    comps.length ? textTable(['component', 'n', 'changed', 'mean B−A'], comps) : '',
    ...(shown.length ? [`disagreeing samples (${shown.length} of ${report.disagreements.length}):`, ...shown] : []),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Parsed samples of the input, in file order; an invalid line is an error naming file:line. */
export function samplesOf(file: string): Array<{ line: number; sample: Sample }> {
  return readJsonlObjects(file).map(({ line, row }) => {
    const parsed = parseSample(row);
    if (!parsed.ok) throw new Error(`${file}:${line}: ${parsed.message}`);
    return { line, sample: parsed.sample };
  });
}

/** `rewardkit diff`: scores the same samples with two specs and shows where and how they disagree. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('score identical samples with two specs: agreement, flips, per-component deltas, disagreements')
    .argument('<specA>', 'first spec (A)')
    .argument('<specB>', 'second spec (B)')
    .requiredOption('--in <file>', 'input JSONL samples')
    .option('--json', 'print the whole report (every disagreement) as JSON')
    .option('--limit <n>', 'disagreeing samples shown in the text report', '20')
    .option('--concurrency <n>', 'reward calls in flight', '64')
    .action(async (specA: string, specB: string, flags: DiffFlags) => {
      const rows = samplesOf(flags.in);
      const concurrency = positiveInt(flags.concurrency, '--concurrency');
      const a = await specRunner({ spec: specA, concurrency }, process.env);
      const b = await specRunner({ spec: specB, concurrency }, process.env);
      const acc = new DiffAccumulator();
      for (let i = 0; i < rows.length; i += 512) {
        const batch = rows.slice(i, i + 512);
        const samples = batch.map((r) => r.sample);
        const [ra, rb] = await Promise.all([a.runner.score(a.root, samples), b.runner.score(b.root, samples)]);
        batch.forEach((r, j) => {
          acc.add(r.line, r.sample.id, ra[j] as RewardResult, rb[j] as RewardResult);
        });
      }
      a.close();
      b.close();
      const report = acc.report();
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ a: specA, b: specB, ...report })}\n`
          : `${formatDiff(report, specA, specB, positiveInt(flags.limit, '--limit'))}\n`,
      );
    });
}
