import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mulberry32 } from '../core/prng.js';

/** How rows are picked by their metric: BLEUBERI's hard / easy / medium / random selection modes. */
export type SelectMode = 'lowest' | 'highest' | 'middle' | 'random';

/** One scored row: its 1-based line in the scored file, the line in the data file it refers to, its metric. */
interface Row {
  index: number;
  dataLine: number;
  value: number;
  text: string;
}

/** The metric of a scored row: `components[metric]`, else a top-level or dotted field (`score`, `details.bleu`). */
export function metricOf(row: Record<string, unknown>, metric: string): number | undefined {
  const components = row.components as Record<string, unknown> | undefined;
  const fromComponents = components?.[metric];
  if (typeof fromComponents === 'number' && Number.isFinite(fromComponents)) return fromComponents;
  let value: unknown = row;
  for (const part of metric.split('.')) value = (value as Record<string, unknown> | null)?.[part];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Picks `count` rows by mode; ties keep file order. Returns the chosen rows in ascending metric order. */
export function pick<T extends { value: number }>(rows: readonly T[], mode: SelectMode, count: number, seed = 0): T[] {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.value - b.r.value || a.i - b.i);
  const n = Math.min(count, rows.length);
  if (mode === 'lowest') return sorted.slice(0, n).map((x) => x.r);
  if (mode === 'highest') return sorted.slice(sorted.length - n).map((x) => x.r);
  if (mode === 'middle') {
    const start = Math.floor((sorted.length - n) / 2);
    return sorted.slice(start, start + n).map((x) => x.r);
  }
  const next = mulberry32(seed);
  const order = sorted.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as (typeof order)[number], order[i] as (typeof order)[number]];
  }
  return order
    .slice(0, n)
    .sort((a, b) => a.r.value - b.r.value || a.i - b.i)
    .map((x) => x.r);
}

function readRows(file: string, metric: string): { rows: Row[]; skipped: number } {
  const rows: Row[] = [];
  let skipped = 0;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(`${file}:${i + 1}: expected a JSON object`);
      const obj = parsed as Record<string, unknown>;
      const value = metricOf(obj, metric);
      if (value === undefined) {
        skipped++;
        return;
      }
      const dataLine = typeof obj.line === 'number' ? obj.line : i + 1;
      rows.push({ index: i + 1, dataLine, value, text });
    });
  return { rows, skipped };
}

interface SelectOptions {
  in: string;
  metric: string;
  lowest?: string;
  highest?: string;
  middle?: string;
  random?: string;
  seed: string;
  data?: string;
  out?: string;
  sort: string;
}

/** Checks the mode flags: exactly one of --lowest/--highest/--middle/--random with a whole number, a valid sort. */
export function selectMode(opts: Pick<SelectOptions, SelectMode | 'seed' | 'sort'>): {
  mode: SelectMode;
  count: number;
  seed: number;
} {
  const modes = (['lowest', 'highest', 'middle', 'random'] as const).filter((m) => opts[m] !== undefined);
  if (modes.length !== 1) throw new Error('give exactly one of --lowest, --highest, --middle or --random N');
  const mode = modes[0] as SelectMode;
  const count = Number(opts[mode]);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--${mode} must be a whole number, got "${opts[mode]}"`);
  if (!['input', 'asc', 'desc'].includes(opts.sort)) throw new Error('--sort must be input, asc or desc');
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${opts.seed}"`);
  return { mode, count, seed };
}

/** `rewardkit select`: keeps the N hardest (lowest-scoring) prompts, as BLEUBERI selects training data. */
export function registerSelect(program: Command): void {
  program
    .command('select')
    .description('pick rows of a scored JSONL file by a metric (e.g. the N lowest-BLEU prompts, as BLEUBERI does)')
    .requiredOption('--in <file>', 'scored JSONL (the output of `rewardkit score`, or any JSONL with the metric)')
    .requiredOption('--metric <name>', 'component name (e.g. bleu), or a field such as score or details.bleu')
    .option('--lowest <n>', 'the N lowest (hardest) rows')
    .option('--highest <n>', 'the N highest (easiest) rows')
    .option('--middle <n>', 'the N rows around the median')
    .option('--random <n>', 'N rows at random (see --seed)')
    .option('--seed <n>', 'seed for --random', '0')
    .option('--data <file>', 'print the matching lines of this file (joined on the scored rows\' "line") instead')
    .option('--out <file>', 'write here instead of stdout')
    .option('--sort <order>', 'output order: input, asc or desc', 'input')
    .action((opts: SelectOptions) => {
      const { mode, count, seed } = selectMode(opts);
      const { rows, skipped } = readRows(opts.in, opts.metric);
      let chosen = pick(rows, mode, count, seed);
      if (opts.sort === 'input') chosen = chosen.slice().sort((a, b) => a.index - b.index);
      if (opts.sort === 'desc') chosen = chosen.slice().reverse();
      let lines = chosen.map((r) => r.text);
      if (opts.data) {
        const data = readFileSync(opts.data, 'utf8').split('\n');
        lines = chosen.map((r) => {
          const text = data[r.dataLine - 1];
          if (text === undefined || text.trim() === '') throw new Error(`${opts.data}: no line ${r.dataLine}`);
          return text;
        });
      }
      const output = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      if (opts.out) writeFileSync(opts.out, output);
      else process.stdout.write(output);
      const note = skipped > 0 ? ` (${skipped} rows without a numeric "${opts.metric}" skipped)` : '';
      process.stderr.write(`selected ${chosen.length} of ${rows.length} rows by ${mode} ${opts.metric}${note}\n`);
    });
}
