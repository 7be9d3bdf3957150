import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { RewardError } from '../../core/codes.js';
import type { TraceStore } from '../traces/trace-store.js';
import { QUERY_OPS, type QueryArgs, type QueryOp, type QueryResult } from './query-ops.js';

// Under tsx/vitest this file is .ts and so is the worker; from dist both are .js.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(fromSource ? './query-worker.ts' : './query-worker.js', import.meta.url);
/** Queries waiting at once; more (many open tabs) get 429 rather than a growing queue. */
const MAX_PENDING = 8;
const QUERY_NICE = 10;

/**
 * Runs dashboard queries on one thread of their own (started on first use, each query on a read-only
 * connection of its own); an in-memory store cannot be opened twice and is queried on the main thread.
 */
export class TraceQueries {
  #pool: Piscina | undefined;
  #pending = 0;

  constructor(private readonly store: TraceStore) {}

  async run<K extends QueryOp>(op: K, ...args: QueryArgs<K>): Promise<QueryResult<K>> {
    if (this.store.path === ':memory:')
      return (QUERY_OPS[op] as (...a: unknown[]) => QueryResult<K>)(this.store, ...args);
    if (this.#pending >= MAX_PENDING) {
      throw new RewardError('overloaded', `${MAX_PENDING} dashboard queries are already waiting; retry`);
    }
    this.#pending++;
    try {
      return (await this.#start().run({ op, args })) as QueryResult<K>;
    } catch (err) {
      throw new RewardError('internal', `dashboard query failed: ${(err as Error).message}`);
    } finally {
      this.#pending--;
    }
  }

  #start(): Piscina {
    this.#pool ??= new Piscina({
      filename: fileURLToPath(WORKER_FILE),
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
      workerData: { path: this.store.path, nice: QUERY_NICE },
      ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    return this.#pool;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }
}
