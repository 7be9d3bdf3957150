// Two runs of one benchmark on the same rows: McNemar on per-row correctness, paired bootstrap on row credit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults, RowRecord } from './run/evaluate.js';
import { mcnemar, pairedBootstrap } from './stats/paired.js';

export interface Comparison {
  suite: string;
  a: { dir: string; score: number | null; overall: number | null };
  b: { dir: string; score: number | null; overall: number | null };
  /** Rows present in both runs (the test runs on these only). */
  rows: number;
  onlyA: number;
  onlyB: number;
  /** Correct = full credit on the row; b = rows only A got right, c = rows only B got right. */
  mcnemar: ReturnType<typeof mcnemar>;
  /** mean credit(A) − mean credit(B) over the shared rows, with its 95% interval and p. */
  pairedBootstrap: ReturnType<typeof pairedBootstrap>;
}

function readRun(dir: string): { results: BenchResults; rows: RowRecord[] } {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      throw new Error(
        `${join(dir, name)}: cannot read it (${(err as Error).message}); is ${dir} a rewardkit bench --out folder?`,
      );
    }
  };
  const results = JSON.parse(read('results.json')) as BenchResults;
  const rows = read('rows.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RowRecord);
  return { results, rows };
}

/** Compares the runs in folders `a` and `b` (same suite, matched by row key). */
export function compareRuns(a: string, b: string, options: { resamples?: number; seed?: number } = {}): Comparison {
  const ra = readRun(a);
  const rb = readRun(b);
  if (ra.results.suite !== rb.results.suite)
    throw new Error(`${a} is a ${ra.results.suite} run and ${b} a ${rb.results.suite} run; compare runs of one suite`);
  const byKey = new Map(rb.rows.map((r) => [r.key, r]));
  const shared = ra.rows.filter((r) => byKey.has(r.key));
  if (shared.length === 0) throw new Error(`${a} and ${b} share no rows (matched by row id)`);
  let onlyA = 0;
  let onlyB = 0;
  const ca: number[] = [];
  const cb: number[] = [];
  for (const r of shared) {
    const other = byKey.get(r.key) as RowRecord;
    ca.push(r.credit);
    cb.push(other.credit);
    if (r.credit === 1 && other.credit !== 1) onlyA++;
    else if (other.credit === 1 && r.credit !== 1) onlyB++;
  }
  return {
    suite: ra.results.suite,
    a: { dir: a, score: ra.results.score, overall: ra.results.overall },
    b: { dir: b, score: rb.results.score, overall: rb.results.overall },
    rows: shared.length,
    onlyA: ra.rows.length - shared.length,
    onlyB: rb.rows.length - shared.length,
    mcnemar: mcnemar(onlyA, onlyB),
    pairedBootstrap: pairedBootstrap(ca, cb, options),
  };
}
