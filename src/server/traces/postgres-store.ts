import { hostname } from 'node:os';
import pg from 'pg';
import type { RewardResult } from '../../core/types.js';
import { MIGRATION_LOCK, MIGRATIONS } from './postgres-schema.js';
import type { TraceSink } from './sink.js';
import { DEFAULT_MAX_FIELD_BYTES, encodeTraceValue } from './trace-encode.js';
import type { TraceRecord } from './trace-store.js';

/** Settings of the PostgreSQL trace store (the same as the SQLite one, with a URL for the path). */
export interface PostgresTraceOptions {
  url: string;
  sampleRate: number;
  retentionDays: number;
  random?: () => number;
  maxFieldBytes?: number;
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

const DAY_MS = 86_400_000;

/** Brings the database to the latest schema; safe to run from many replicas at once. Returns the version. */
export async function migrate(client: pg.ClientBase): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS rewardkit');
    await client.query(
      'CREATE TABLE IF NOT EXISTS rewardkit.migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM rewardkit.migrations');
    const at = rows[0]?.v ?? 0;
    for (let v = at + 1; v <= MIGRATIONS.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[v - 1] as string);
        await client.query('INSERT INTO rewardkit.migrations (version) VALUES ($1)', [v]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return MIGRATIONS.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/** A pool on `url`, with connection errors as clear messages (the password masked). */
export function tracePool(url: string, size = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: size, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {}); // an idle client's lost connection; the next query reconnects
  return pool;
}

interface Pending {
  record: TraceRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes traces to PostgreSQL, so that every replica's traces land in one place. Records from one event-loop
 * turn share one transaction (group commit); `record` resolves after its commit.
 */
export class PostgresTraceStore implements TraceSink {
  readonly #pool: pg.Pool;
  readonly #options: PostgresTraceOptions;
  readonly #replica = `${hostname()}:${process.pid}`;
  #pending: Pending[] = [];
  #scheduled = false;
  #writing = Promise.resolve();
  #pruneTimer: NodeJS.Timeout | undefined;

  private constructor(pool: pg.Pool, options: PostgresTraceOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  /** Connects and migrates; throws with the reason when the database cannot be reached. */
  static async open(options: PostgresTraceOptions): Promise<PostgresTraceStore> {
    const pool = tracePool(options.url, options.poolSize);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => {});
      throw new Error(`cannot open the trace database ${maskUrl(options.url)}: ${(err as Error).message}`);
    }
    return new PostgresTraceStore(pool, options);
  }

  get maxFieldBytes(): number {
    return this.#options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  }

  sampled(): boolean {
    const rate = this.#options.sampleRate;
    return rate >= 1 || (rate > 0 && (this.#options.random ?? Math.random)() < rate);
  }

  record(record: TraceRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ record, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#writing = this.#writing.then(() => this.#flush());
        });
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.#pool.connect();
      await client.query('BEGIN');
      for (const p of batch) await this.#insert(client, p.record);
      await client.query('COMMIT');
      for (const p of batch) p.resolve();
    } catch (err) {
      await client?.query('ROLLBACK').catch(() => {});
      for (const p of batch) p.reject(err);
    } finally {
      client?.release();
    }
  }

  async #insert(client: pg.PoolClient, r: TraceRecord): Promise<void> {
    const max = this.#options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
    const { rows } = await client.query<{ seq: string }>(
      'INSERT INTO rewardkit.requests (request_id, ts, route, spec, n, duration_ms, replica) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq',
      [r.requestId, r.ts, r.route, r.spec, r.results.length, r.durationMs, this.#replica],
    );
    const seq = rows[0]?.seq;
    const results = r.results as readonly RewardResult[];
    if (results.length === 0) return;
    await client.query(
      `INSERT INTO rewardkit.samples (request_seq, idx, ts, spec, status, code, score, sample, result)
       SELECT $1, u.idx, $2, $3, u.status, u.code, u.score, u.sample, u.result
       FROM unnest($4::int[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[])
         AS u(idx, status, code, score, sample, result)`,
      [
        seq,
        r.ts,
        r.spec,
        results.map((_, i) => i),
        results.map((x) => String(x.status)),
        results.map((x) => x.code ?? null),
        results.map((x) => (x.status === 'scored' && typeof x.score === 'number' ? x.score : null)),
        results.map((_, i) => r.encodedSamples?.[i] ?? encodeTraceValue(r.samples[i], max)),
        results.map((x) => encodeTraceValue(x, max)),
      ],
    );
  }

  /** Deletes traces older than the retention window; returns the number of requests removed (samples follow). */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = now - this.#options.retentionDays * DAY_MS;
    const { rowCount } = await this.#pool.query('DELETE FROM rewardkit.requests WHERE ts < $1', [cutoff]);
    return rowCount ?? 0;
  }

  /** Prunes now and every `everyMs` (default hourly); a failure waits for the next round. */
  startPruning(everyMs = 3_600_000): void {
    const run = (): void => void this.prune().catch(() => {});
    run();
    this.#pruneTimer = setInterval(run, everyMs).unref();
  }

  /** Commits what is queued, then closes the pool. */
  async close(): Promise<void> {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    await this.#writing;
    await this.#flush();
    await this.#pool.end();
  }
}

/** The URL with any password masked, for messages. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
