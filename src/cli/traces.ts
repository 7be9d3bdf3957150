import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfigFile } from '../server/config.js';
import { parseTime, queryTraces, type TraceFilter, type TraceRow, traceSummary } from '../server/trace-query.js';
import { isPostgresUrl } from '../server/traces/sink.js';
import { DEFAULT_CONFIG } from './serve.js';

interface TracesFlags {
  db?: string;
  config?: string;
  spec?: string;
  status?: string;
  code?: string;
  request?: string;
  since?: string;
  until?: string;
  minScore?: string;
  maxScore?: string;
  limit?: string;
  out?: string;
  summary?: boolean;
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number, got "${value}"`);
  return n;
}

/** The trace database (a file, or a postgres:// URL): --db, else REWARDKIT_TRACES, else the config's `traces.path` (relative to the working directory). */
export function traceDbPath(flags: Pick<TracesFlags, 'db' | 'config'>, env: NodeJS.ProcessEnv): string {
  const at = (path: string): string => (isPostgresUrl(path) ? path : resolve(path));
  if (flags.db) return at(flags.db);
  if (env.REWARDKIT_TRACES && env.REWARDKIT_TRACES !== 'off') return at(env.REWARDKIT_TRACES);
  const { config } = loadConfigFile(flags.config ?? env.REWARDKIT_CONFIG ?? DEFAULT_CONFIG);
  return at(config.traces.path);
}

/** Builds the query filter from flags; times take ISO dates, epoch ms or "2h" (ago). */
export function traceFilter(flags: TracesFlags, now = Date.now()): TraceFilter {
  const statuses = ['scored', 'unscorable', 'error'];
  if (flags.status !== undefined && !statuses.includes(flags.status)) {
    throw new Error(`--status must be one of ${statuses.join(', ')}, got "${flags.status}"`);
  }
  return {
    spec: flags.spec,
    status: flags.status,
    code: flags.code,
    requestId: flags.request,
    since: flags.since === undefined ? undefined : parseTime(flags.since, now),
    until: flags.until === undefined ? undefined : parseTime(flags.until, now),
    minScore: num(flags.minScore, '--min-score'),
    maxScore: num(flags.maxScore, '--max-score'),
    limit: num(flags.limit, '--limit'),
  };
}

/** `rewardkit traces`: queries the server's trace store and exports matching samples as JSONL. */
export function registerTraces(program: Command): void {
  program
    .command('traces')
    .description("query the server's trace store; prints one JSON line per traced sample")
    .option(
      '--db <file|url>',
      'trace database, a SQLite file or postgres:// URL (default: traces.path of the server config)',
    )
    .option('--config <file>', 'server config to read traces.path from')
    .option('--spec <name>', 'only this spec')
    .option('--status <status>', 'only scored, unscorable or error')
    .option('--code <code>', 'only this result code (timeout, no-reference, ...)')
    .option('--request <id>', 'only this request id')
    .option('--since <time>', 'from this time: ISO date, epoch ms, or 30m / 2h / 7d ago')
    .option('--until <time>', 'before this time')
    .option('--min-score <x>', 'score at least x')
    .option('--max-score <x>', 'score at most x')
    .option('--limit <n>', 'at most n samples')
    .option('--out <file>', 'write JSONL here instead of stdout')
    .option('--summary', 'print sample counts by spec and status instead')
    .action(async (flags: TracesFlags) => {
      const path = traceDbPath(flags, process.env);
      const filter = traceFilter(flags);
      const write = async (rows: Iterable<TraceRow> | AsyncIterable<TraceRow>): Promise<void> => {
        const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout;
        for await (const row of rows) {
          if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise((r) => out.once('drain', r));
        }
        if (flags.out) await new Promise<void>((r) => out.end(r));
      };
      const summary = (rows: Array<{ spec: string; status: string; n: number }>): void => {
        for (const row of rows) process.stdout.write(`${row.spec}\t${row.status}\t${row.n}\n`);
      };
      if (isPostgresUrl(path)) {
        // The shared store of several replicas: the same queries on PostgreSQL.
        const { tracePool } = await import('../server/traces/postgres-store.js');
        const { queryTracesPg, traceSummaryPg } = await import('../server/traces/postgres-query.js');
        const pool = tracePool(path, 1);
        try {
          if (flags.summary) summary(await traceSummaryPg(pool, filter));
          else await write(queryTracesPg(pool, filter));
        } finally {
          await pool.end();
        }
        return;
      }
      if (!existsSync(path)) throw new Error(`no trace database at ${path} (has the server run with traces on?)`);
      const { openTraceDb } = await import('../server/trace-store.js');
      const db = openTraceDb(path, true);
      try {
        if (flags.summary) summary(traceSummary(db, filter));
        else await write(queryTraces(db, filter));
      } finally {
        db.close();
      }
    });
}
