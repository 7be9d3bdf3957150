// One benchmark run into an output folder: read, score (resuming from the folder), evaluate, write every file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runner } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import { readRows } from '../data/read-rows.js';
import { renderReport } from '../report/html.js';
import { DEFAULT_SUITE_OPTIONS, type Mode, type SuiteOptions } from '../suite.js';
import { SUITES } from '../suites/index.js';
import { type BenchResults, checkUniqueKeys, evaluate } from './evaluate.js';
import { scoreItems } from './score-items.js';
import { ScoreStore } from './store.js';

export interface RunBenchOptions {
  suite: string;
  data: string;
  out: string;
  runner: Runner;
  root: CompiledNode;
  /** Names the reward in the folder (spec file or --reward); a different one is refused. */
  spec: string;
  /** Identifies the reward's content (spec text, backends); scores are keyed by it. */
  digest: string;
  mode?: Mode;
  suiteOptions?: Partial<SuiteOptions>;
  bootstrap?: { resamples?: number; seed?: number };
  /** Rows per Runner batch (default 32). */
  batchRows?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RunBenchOutcome {
  results: BenchResults;
  /** Samples scored in this run and taken from the folder's earlier runs. */
  fresh: number;
  reused: number;
}

/** The suite factory by name, or an error listing the suites. */
export function suiteNamed(name: string) {
  const factory = SUITES[name];
  if (!factory) throw new Error(`unknown suite "${name}" (suites: ${Object.keys(SUITES).join(', ')})`);
  return factory;
}

export async function runBench(o: RunBenchOptions): Promise<RunBenchOutcome> {
  const options = { ...DEFAULT_SUITE_OPTIONS, ...o.suiteOptions };
  const suite = suiteNamed(o.suite)(options);
  const mode = o.mode ?? 'pointwise';
  if (mode === 'pairwise' && !suite.pairwise)
    throw new Error(
      `--mode pairwise: ${suite.name} rows are not single pairs; score it pointwise (a group judge sees a row's responses together)`,
    );
  const items = suite.parse(await readRows(o.data));
  if (items.length === 0) throw new Error(`${o.data}: no rows`);
  checkUniqueKeys(items);
  mkdirSync(o.out, { recursive: true });
  const runFile = join(o.out, 'run.json');
  const run = { suite: suite.name, data: resolve(o.data), spec: o.spec, digest: o.digest, mode, options };
  if (existsSync(runFile)) {
    const before = JSON.parse(readFileSync(runFile, 'utf8')) as typeof run;
    for (const k of ['suite', 'data', 'digest', 'mode'] as const)
      if (JSON.stringify(before[k]) !== JSON.stringify(run[k]))
        throw new Error(
          `${o.out} holds a run with another ${k === 'digest' ? 'spec' : k} (${JSON.stringify(before[k === 'digest' ? 'spec' : k])}); use another --out folder`,
        );
  }
  writeFileSync(runFile, `${JSON.stringify(run, null, 2)}\n`);
  const store = new ScoreStore(join(o.out, 'scores.jsonl'));
  const scored = await scoreItems({
    runner: o.runner,
    root: o.root,
    suite,
    items,
    mode,
    store,
    digest: o.digest,
    ...(o.batchRows ? { batchRows: o.batchRows } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const { results, rows } = evaluate(suite, items, scored.scores, scored.problems, mode, o.bootstrap);
  writeFileSync(join(o.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(o.out, 'rows.jsonl'), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(o.out, 'report.html'), renderReport(results, rows, { spec: o.spec, data: o.data }));
  return { results, fresh: scored.fresh, reused: scored.reused };
}
