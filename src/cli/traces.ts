import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfigFile } from '../server/config.js';
import { isPostgresUrl } from '../server/traces/sink.js';
import { parseTime, queryTraces, type TraceFilter, type TraceRow, traceSummary } from '../server/traces/trace-query.js';
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

/** The rows of a trace store by filter: a SQLite file or a PostgreSQL URL (the store replicas share). */
export interface TraceSource {
  rows(filter: TraceFilter): Iterable<TraceRow> | AsyncIterable<TraceRow>;
  summary(filter: TraceFilter): Promise<Array<{ spec: string; status: string; n: number }>>;
  close(): Promise<void>;
}

/** Opens `path` (from `traceDbPath`) read-only; a missing SQLite file is an error that says so. */
export async function openTraceSource(path: string): Promise<TraceSource> {
  if (isPostgresUrl(path)) {
    const { tracePool } = await import('../server/traces/postgres-store.js');
    const { queryTracesPg, traceSummaryPg } = await import('../server/traces/postgres-query.js');
    const pool = tracePool(path, 1);
    return {
      rows: (filter) => queryTracesPg(pool, filter),
      summary: (filter) => traceSummaryPg(pool, filter),
      close: () => pool.end(),
    };
  }
  if (!existsSync(path)) throw new Error(`no trace database at ${path} (has the server run with traces on?)`);
  const { openTraceDb } = await import('../server/traces/trace-store.js');
  const db = openTraceDb(path, true);
  return {
    rows: (filter) => queryTraces(db, filter),
    summary: async (filter) => traceSummary(db, filter),
    close: async () => {
      db.close();
    },
  };
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
      const source = await openTraceSource(traceDbPath(flags, process.env));
      const filter = traceFilter(flags);
      try {
        if (flags.summary) {
          for (const row of await source.summary(filter))
            process.stdout.write(`${row.spec}\t${row.status}\t${row.n}\n`);
          return;
        }
        const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout;
        for await (const row of source.rows(filter)) {
          if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise((r) => out.once('drain', r));
        }
        if (flags.out) await new Promise<void>((r) => out.end(r));
      } finally {
        await source.close();
      }
    });
}
