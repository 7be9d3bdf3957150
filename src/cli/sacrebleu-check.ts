import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type ConformanceExpected, checkConformance, type KeyReport, parseCases } from '../text/conformance.js';

/** Checks our BLEU/chrF/TER against sacreBLEU numbers in DIR; returns the exit code and the report lines. */
export function sacrebleuCheck(dir: string, tolerance = 1e-9): { code: number; lines: string[] } {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${join(dir, name)}: ${(err as Error).message}`);
    }
  };
  const cases = parseCases(read('cases.jsonl'), join(dir, 'cases.jsonl'));
  let expected: ConformanceExpected;
  try {
    expected = JSON.parse(read('expected.json')) as ConformanceExpected;
  } catch (err) {
    throw new Error(`${join(dir, 'expected.json')}: not valid JSON (${(err as Error).message})`);
  }
  if (expected === null || typeof expected !== 'object' || (!expected.corpus && !expected.sentence)) {
    throw new Error(`${join(dir, 'expected.json')}: expected an object with "corpus" and/or "sentence"`);
  }
  const reports = checkConformance(cases, expected);
  const failing = (r: KeyReport) => r.error !== undefined || !(r.maxDiff <= tolerance);
  const width = Math.max(3, ...reports.map((r) => r.key.length));
  const lines = [`${'key'.padEnd(width)}  level     values  max |diff|  status`];
  for (const r of reports) {
    const diff = r.error ? '-' : r.maxDiff === 0 ? '0' : r.maxDiff.toExponential(2);
    const status = r.error ? `error: ${r.error}` : failing(r) ? `FAIL (worst at ${r.worst})` : 'ok';
    lines.push(
      `${r.key.padEnd(width)}  ${r.level.padEnd(8)}  ${String(r.compared).padStart(6)}  ${diff.padStart(10)}  ${status}`,
    );
  }
  const bad = reports.filter(failing).length;
  const values = reports.reduce((a, r) => a + r.compared, 0);
  lines.push(
    bad === 0
      ? `${reports.length} keys, ${values} values from ${cases.length} cases: all within ${tolerance}`
      : `${bad} of ${reports.length} keys differ by more than ${tolerance} or could not be checked`,
  );
  return { code: bad === 0 ? 0 : 1, lines };
}

/** `rewardkit sacrebleu-check DIR`: parity of our metrics with sacreBLEU's numbers (cases.jsonl + expected.json). */
export function registerSacrebleuCheck(program: Command): void {
  program
    .command('sacrebleu-check')
    .description('compare our BLEU/chrF/TER with sacreBLEU numbers in DIR (cases.jsonl + expected.json)')
    .argument('<dir>', 'folder with cases.jsonl and expected.json')
    .option('--tolerance <x>', 'largest allowed absolute difference', '1e-9')
    .action((dir: string, opts: { tolerance: string }) => {
      const tolerance = Number(opts.tolerance);
      if (!(tolerance >= 0)) throw new Error(`--tolerance must be a non-negative number, got "${opts.tolerance}"`);
      const { code, lines } = sacrebleuCheck(dir, tolerance);
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = code;
    });
}
