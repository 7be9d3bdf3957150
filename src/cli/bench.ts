import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { DEFAULT_CACHE_PATH } from '../backends/index.js';
import { type Comparison, compareRuns } from '../bench-suites/compare.js';
import type { BenchResults } from '../bench-suites/run/evaluate.js';
import { runBench, suiteNamed } from '../bench-suites/run/run-bench.js';
import { SUITES } from '../bench-suites/suites/index.js';
import { textTable } from './read-jsonl.js';
import { positiveInt, specRunner } from './spec-runner.js';

interface BenchFlags {
  suite?: string;
  data?: string;
  spec?: string;
  reward?: string;
  params?: string;
  out?: string;
  mode: string;
  threshold: string;
  separator: string;
  concurrency: string;
  timeoutMs?: string;
  cache?: string | false;
  resamples: string;
  seed: string;
  json?: boolean;
  quiet?: boolean;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : (x * 100).toFixed(1));
const ci = (i: [number, number] | null) => (i ? `${pct(i[0])}-${pct(i[1])}` : '-');

const rounded = (_key: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v);

/** The terminal summary: headline, baselines, one line per subset. */
export function formatBench(r: BenchResults): string {
  const rows = Object.entries(r.subsets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => [
      name,
      s.n,
      pct(s.score),
      ci(s.interval),
      pct(s.accuracy),
      pct(r.baselines?.longer.subsets[name]),
      pct(r.baselines?.shorter.subsets[name]),
      s.unscored,
    ]);
  const base = r.baselines
    ? ` | always longer ${pct(r.baselines.longer.score)}, always shorter ${pct(r.baselines.shorter.score)}`
    : '';
  return [
    `${r.suite}: score ${pct(r.score)} (95% ${ci(r.interval)}) | overall ${pct(r.overall)}, macro ${pct(r.macro)}${base} | ${r.rows} rows, ${r.unscored} unscored`,
    textTable(['subset', 'rows', 'score', '95% CI', 'accuracy', 'longer', 'shorter', 'unscored'], rows),
    ...(Object.keys(r.extra).length ? [`${r.suite} details: ${JSON.stringify(r.extra, rounded)}`] : []),
    ...r.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

/** The comparison as a few lines. */
export function formatComparison(c: Comparison): string {
  const m = c.mcnemar;
  const pb = c.pairedBootstrap;
  return [
    `${c.suite}: A ${pct(c.a.score)} vs B ${pct(c.b.score)} on ${c.rows} shared rows${c.onlyA || c.onlyB ? ` (${c.onlyA} only in A, ${c.onlyB} only in B, left out)` : ''}`,
    `McNemar: ${m.b} rows only A got right, ${m.c} only B; ${m.exact ? 'exact binomial' : `chi2 ${m.statistic?.toFixed(3)}`} p = ${m.p.toPrecision(3)}`,
    `paired bootstrap: mean credit A - B = ${(pb.difference * 100).toFixed(2)} points (95% ${(pb.interval[0] * 100).toFixed(2)} to ${(pb.interval[1] * 100).toFixed(2)}), p = ${pb.p.toPrecision(3)}`,
  ].join('\n');
}

/** What the scores depend on besides the rows: the spec's text and the default-backend environment. */
function digestOf(flags: BenchFlags): string {
  const text = flags.spec ? readFileSync(flags.spec, 'utf8') : `${flags.reward} ${flags.params ?? ''}`;
  const env = ['OPENAI_BASE_URL', 'REWARDKIT_JUDGE_MODEL'].map((k) => process.env[k] ?? '');
  return createHash('sha256')
    .update(JSON.stringify([text, env]))
    .digest('hex')
    .slice(0, 16);
}

function progressBar(flags: BenchFlags): cliProgress.SingleBar | undefined {
  if (flags.quiet || flags.json || !process.stderr.isTTY) return undefined;
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: 'bench [{bar}] {value}/{total} rows | {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
}

function number(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number, got "${value}"`);
  return n;
}

/** `rewardkit bench`: a reward spec on a benchmark by its own protocol; `rewardkit bench compare A B`. */
export function registerBench(program: Command): void {
  const bench = program
    .command('bench')
    .description('score a spec on a reward-model benchmark by its own protocol, with intervals and an HTML report')
    .option('--suite <name>', `benchmark: ${Object.keys(SUITES).join(', ')}`)
    .option('--data <path>', "rows in the benchmark's published layout: .jsonl, .json or .parquet, or a folder of them")
    .option('--spec <file>', 'spec file (YAML or JSON) with a top-level "reward" node')
    .option('--reward <kind>', 'shortcut for a one-leaf spec of this kind')
    .option('--params <json>', 'params for --reward, as JSON')
    .option('--out <dir>', 'output folder: results.json, rows.jsonl, report.html; re-running resumes from it')
    .option(
      '--mode <mode>',
      'pointwise (each response scored alone) or pairwise (a pairwise judge per pair)',
      'pointwise',
    )
    .option('--threshold <x>', 'step-level suites: a step is valid when scored above this', '0.5')
    .option('--separator <text>', 'step-level suites: steps are joined with this into the response', '\n\n')
    .option('--concurrency <n>', 'reward calls in flight', '16')
    .option('--timeout-ms <n>', 'per-sample budget of every reward (default: by cost class)')
    .option('--cache <file>', `model-backend response cache (default: REWARDKIT_CACHE or ${DEFAULT_CACHE_PATH})`)
    .option('--no-cache', 'do not read or write the model-backend response cache')
    .option('--resamples <n>', 'bootstrap resamples for the 95% intervals', '1000')
    .option('--seed <n>', 'bootstrap seed', '20240613')
    .option('--json', 'print results.json instead of the table')
    .option('--quiet', 'no progress bar')
    .action(async (flags: BenchFlags) => {
      for (const [flag, value] of [
        ['--suite', flags.suite],
        ['--data', flags.data],
        ['--out', flags.out],
      ] as const)
        if (!value) throw new Error(`bench needs ${flag} (see rewardkit bench --help)`);
      suiteNamed(flags.suite as string);
      if (flags.mode !== 'pointwise' && flags.mode !== 'pairwise')
        throw new Error(`--mode must be pointwise or pairwise, got "${flags.mode}"`);
      const setup = await specRunner(
        {
          spec: flags.spec,
          reward: flags.reward,
          params: flags.params,
          concurrency: positiveInt(flags.concurrency, '--concurrency'),
          timeoutMs: flags.timeoutMs ? positiveInt(flags.timeoutMs, '--timeout-ms') : undefined,
          cache: flags.cache,
        },
        process.env,
      );
      const bar = progressBar(flags);
      try {
        const { results, fresh, reused } = await runBench({
          suite: flags.suite as string,
          data: flags.data as string,
          out: flags.out as string,
          runner: setup.runner,
          root: setup.root,
          spec: setup.file,
          digest: digestOf(flags),
          mode: flags.mode,
          suiteOptions: { threshold: number(flags.threshold, '--threshold'), separator: flags.separator },
          bootstrap: {
            resamples: positiveInt(flags.resamples, '--resamples'),
            seed: Math.trunc(number(flags.seed, '--seed')),
          },
          ...(bar
            ? {
                onProgress: (done: number, total: number) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
              }
            : {}),
        });
        bar?.stop();
        if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
        else {
          process.stdout.write(`${formatBench(results)}\n`);
          if (!flags.quiet) {
            const stats = setup.backends?.stats.format() ?? [];
            process.stderr.write(
              `${[`${fresh} samples scored now, ${reused} taken from ${flags.out}`, ...stats, `report: ${flags.out}/report.html`].join('\n')}\n`,
            );
          }
        }
      } finally {
        bar?.stop();
        setup.close();
      }
    });
  // --resamples, --seed and --json are read from `bench` itself: commander gives a parent's options to the parent.
  bench
    .command('compare <a> <b>')
    .description('paired test between two bench runs of one suite on the same rows (McNemar and paired bootstrap)')
    .action((a: string, b: string) => {
      const flags = bench.opts<BenchFlags>();
      const c = compareRuns(a, b, {
        resamples: positiveInt(flags.resamples, '--resamples'),
        seed: Math.trunc(number(flags.seed, '--seed')),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(c)}\n` : `${formatComparison(c)}\n`);
    });
}
