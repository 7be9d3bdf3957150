import type { Command } from 'commander';
import { parseSample } from '../core/sample-schema.js';
import type { RewardResult, Sample } from '../core/types.js';
import { DiffAccumulator } from '../integrity/index.js';
import { parseTime, type TraceRow } from '../server/traces/trace-query.js';
import { formatDiff } from './diff.js';
import { positiveInt, specRunner } from './spec-runner.js';
import { openTraceSource, traceDbPath } from './traces.js';

interface RescoreFlags {
  traces?: string;
  spec: string;
  specName?: string;
  since?: string;
  until?: string;
  limit?: string;
  json?: boolean;
  show: string;
  concurrency: string;
}

/** Why a traced sample cannot be scored again, or null when it can. */
function unusable(row: TraceRow): string | null {
  const s = row.sample as Record<string, unknown> | null;
  if (s && typeof s === 'object' && s.truncated === true) return 'stored truncated (over the trace size cap)';
  const r = row.result as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || typeof r.status !== 'string') return 'no stored result';
  return parseSample(s).ok ? null : 'stored sample is not a valid sample';
}

/** `rewardkit rescore`: scores stored requests again with a new spec and diffs against what was served. */
export function registerRescore(program: Command): void {
  program
    .command('rescore')
    .description('re-score requests from the trace store with a new spec and diff against what was served')
    .option(
      '--traces <db>',
      'trace database, a SQLite file or postgres:// URL (default: REWARDKIT_TRACES or traces.path)',
    )
    .requiredOption('--spec <file>', 'the new spec')
    .option('--spec-name <name>', 'only requests served with this spec name')
    .option('--since <time>', 'from this time: ISO date, epoch ms, or 30m / 2h / 7d ago')
    .option('--until <time>', 'before this time')
    .option('--limit <n>', 'at most n samples')
    .option('--json', 'print the whole report as JSON')
    .option('--show <n>', 'disagreeing samples shown in the text report', '20')
    .option('--concurrency <n>', 'reward calls in flight', '64')
    .action(async (flags: RescoreFlags) => {
      const path = traceDbPath(flags.traces ? { db: flags.traces } : {}, process.env);
      const source = await openTraceSource(path);
      const setup = await specRunner(
        { spec: flags.spec, concurrency: positiveInt(flags.concurrency, '--concurrency') },
        process.env,
      );
      const acc = new DiffAccumulator();
      const skipped = new Map<string, number>();
      // One request at a time, so the groups a request carried stay together.
      let batch: TraceRow[] = [];
      let line = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const samples = batch.map((r) => parseSample(r.sample)).map((p) => (p.ok ? p.sample : ({} as Sample)));
        const results = await setup.runner.score(setup.root, samples);
        batch.forEach((r, i) => {
          line++;
          acc.add(line, `${r.request_id}#${r.index}`, r.result as RewardResult, results[i] as RewardResult);
        });
        batch = [];
      };
      try {
        const filter = {
          spec: flags.specName,
          since: flags.since === undefined ? undefined : parseTime(flags.since),
          until: flags.until === undefined ? undefined : parseTime(flags.until),
          limit: flags.limit === undefined ? undefined : positiveInt(flags.limit, '--limit'),
        };
        let request: string | null = null;
        for await (const row of source.rows(filter)) {
          const why = unusable(row);
          if (why) {
            skipped.set(why, (skipped.get(why) ?? 0) + 1);
            continue;
          }
          if (row.request_id !== request || batch.length >= 1024) await flush();
          request = row.request_id;
          batch.push(row);
        }
        await flush();
      } finally {
        await source.close();
        setup.close();
      }
      const report = acc.report();
      const skips = Object.fromEntries(skipped);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ traces: path, spec: flags.spec, skipped: skips, ...report })}\n`);
        return;
      }
      const served = flags.specName ? `served ${flags.specName}` : 'served';
      process.stdout.write(`${formatDiff(report, served, flags.spec, positiveInt(flags.show, '--show'))}\n`);
      for (const [why, n] of skipped) process.stdout.write(`skipped ${n} samples: ${why}\n`);
    });
}
