import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RewardResult } from '../core/types.js';

/** One answered request as the trace store keeps it. */
export interface TraceRecord {
  requestId: string;
  route: string;
  spec: string;
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  durationMs: number;
  /** The samples as received (an invalid one is kept as sent). */
  samples: readonly unknown[];
  results: readonly RewardResult[];
}

/** Trace store settings; `sampleRate` is the share of requests kept, `retentionDays` how long. */
export interface TraceStoreOptions {
  path: string;
  sampleRate: number;
  retentionDays: number;
  /** Source of randomness for sampling (tests pin it). */
  random?: () => number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  route TEXT NOT NULL,
  spec TEXT NOT NULL,
  n INTEGER NOT NULL,
  duration_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_ts ON requests(ts);
CREATE INDEX IF NOT EXISTS requests_request_id ON requests(request_id);
CREATE TABLE IF NOT EXISTS samples (
  request_seq INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  code TEXT,
  score REAL,
  sample TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_request ON samples(request_seq);
CREATE INDEX IF NOT EXISTS samples_ts ON samples(ts);
`;

const DAY_MS = 86_400_000;

/** Opens (creating if needed) a trace database in WAL mode; shared by the writer and `rewardkit traces`. */
export function openTraceDb(path: string, readonly = false): Database.Database {
  if (!readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives a killed process (not a power cut): commits sit in the WAL file.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  }
  return db;
}

interface Pending {
  record: TraceRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes request traces to SQLite. Writes from one turn of the event loop share one transaction
 * (group commit); `record` resolves only after its commit, so an answered request is on disk.
 */
export class TraceStore {
  readonly #db: Database.Database;
  readonly #options: TraceStoreOptions;
  readonly #insertRequest: Database.Statement;
  readonly #insertSample: Database.Statement;
  readonly #writeBatch: (batch: readonly TraceRecord[]) => void;
  #pending: Pending[] = [];
  #scheduled = false;
  #pruneTimer: NodeJS.Timeout | undefined;

  constructor(options: TraceStoreOptions) {
    this.#options = options;
    this.#db = openTraceDb(options.path);
    this.#insertRequest = this.#db.prepare(
      'INSERT INTO requests (request_id, ts, route, spec, n, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#insertSample = this.#db.prepare(
      'INSERT INTO samples (request_seq, idx, ts, spec, status, code, score, sample, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#writeBatch = this.#db.transaction((batch: readonly TraceRecord[]) => {
      for (const r of batch) {
        const seq = this.#insertRequest.run(
          r.requestId,
          r.ts,
          r.route,
          r.spec,
          r.results.length,
          r.durationMs,
        ).lastInsertRowid;
        r.results.forEach((result, i) => {
          const score = result.status === 'scored' ? (result.score ?? null) : null;
          const sample = JSON.stringify(r.samples[i] ?? null);
          this.#insertSample.run(
            seq,
            i,
            r.ts,
            r.spec,
            result.status,
            result.code ?? null,
            score,
            sample,
            JSON.stringify(result),
          );
        });
      }
    });
  }

  /** Whether to keep this request (by `sampleRate`). */
  sampled(): boolean {
    const rate = this.#options.sampleRate;
    return rate >= 1 || (rate > 0 && (this.#options.random ?? Math.random)() < rate);
  }

  /** Queues a record; resolves once it is committed. */
  record(record: TraceRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ record, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued, now. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    try {
      this.#writeBatch(batch.map((p) => p.record));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) p.resolve();
  }

  /** Deletes traces older than the retention window; returns the number of samples removed. */
  prune(now = Date.now()): number {
    let removed = 0;
    for (let n = this.#pruneBatch(now); n > 0; n = this.#pruneBatch(now)) removed += n;
    return removed;
  }

  /** Removes up to 5,000 expired samples (and their requests); small batches keep the event loop responsive. */
  #pruneBatch(now: number): number {
    const cutoff = now - this.#options.retentionDays * DAY_MS;
    const removed = this.#db
      .prepare('DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples WHERE ts < ? LIMIT 5000)')
      .run(cutoff).changes;
    this.#db
      .prepare('DELETE FROM requests WHERE seq IN (SELECT seq FROM requests WHERE ts < ? LIMIT 5000)')
      .run(cutoff);
    return removed;
  }

  /** Prunes now and then every `everyMs` (default hourly) until closed, yielding between batches. */
  startPruning(everyMs = 3_600_000): void {
    const run = (): void => {
      if (this.#db.open && this.#pruneBatch(Date.now()) > 0) setImmediate(run);
    };
    run();
    this.#pruneTimer = setInterval(run, everyMs).unref();
  }

  close(): void {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    this.flush();
    this.#db.close();
  }
}
