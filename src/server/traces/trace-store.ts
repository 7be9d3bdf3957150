import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RewardResult } from '../../core/types.js';
import { DEFAULT_MAX_FIELD_BYTES, encodeTraceValue } from './trace-encode.js';

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
  /** The samples already encoded for storage (`encodeTraceValue` at the store's cap), by a worker; used instead of `samples`. */
  encodedSamples?: readonly string[] | undefined;
  results: readonly RewardResult[];
}

/** Trace store settings; `sampleRate` is the share of requests kept, `retentionDays` how long. */
export interface TraceStoreOptions {
  path: string;
  sampleRate: number;
  retentionDays: number;
  /** Source of randomness for sampling (tests pin it). */
  random?: () => number;
  /** Largest stored JSON per sample and per result; longer ones keep a truncation marker (default 64 KiB). */
  maxFieldBytes?: number;
  /** Database size (with its WAL) past which it is rotated to `<path>.1` (default 1 GiB). */
  maxBytes?: number;
  /** Rotated files kept (`<path>.1` … `<path>.N`, default 2). */
  keepRotated?: number;
}

/** Default size past which the trace database is rotated. */
export const DEFAULT_MAX_TRACE_BYTES = 1 << 30;
/** How often (flushes) the database size is checked against `maxBytes`. */
const SIZE_CHECK_EVERY = 64;

/** A record as stored: every value already serialised (and capped), so the transaction cannot throw on one. */
interface Encoded {
  record: TraceRecord;
  rows: Array<{ status: string; code: string | null; score: number | null; sample: string; result: string }>;
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
  if (!readonly && path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Traces hold prompts and responses: owner-only. SQLite gives its -wal and -shm files the same mode.
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
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
  #db!: Database.Database;
  readonly #options: TraceStoreOptions;
  #insertRequest!: Database.Statement;
  #insertSample!: Database.Statement;
  #writeBatch!: (batch: readonly Encoded[]) => void;
  #pending: Pending[] = [];
  #scheduled = false;
  #pruneTimer: NodeJS.Timeout | undefined;
  #flushes = 0;

  constructor(options: TraceStoreOptions) {
    this.#options = options;
    this.#open();
  }

  #open(): void {
    this.#db = openTraceDb(this.#options.path);
    this.#insertRequest = this.#db.prepare(
      'INSERT INTO requests (request_id, ts, route, spec, n, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#insertSample = this.#db.prepare(
      'INSERT INTO samples (request_seq, idx, ts, spec, status, code, score, sample, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#writeBatch = this.#db.transaction((batch: readonly Encoded[]) => {
      for (const { record: r, rows } of batch) {
        const seq = this.#insertRequest.run(
          r.requestId,
          r.ts,
          r.route,
          r.spec,
          rows.length,
          r.durationMs,
        ).lastInsertRowid;
        rows.forEach((row, i) => {
          this.#insertSample.run(seq, i, r.ts, r.spec, row.status, row.code, row.score, row.sample, row.result);
        });
      }
    });
  }

  #encode(r: TraceRecord): Encoded {
    const max = this.#options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
    const rows = r.results.map((result, i) => ({
      status: String(result.status),
      code: result.code ?? null,
      score: result.status === 'scored' && typeof result.score === 'number' ? result.score : null,
      sample: r.encodedSamples?.[i] ?? encodeTraceValue(r.samples[i], max),
      result: encodeTraceValue(result, max),
    }));
    return { record: r, rows };
  }

  /** Past `maxBytes`: checkpoint, move the file to `<path>.1` (older ones up by one), start a new one. */
  #rotateIfLarge(): void {
    const path = this.#options.path;
    if (path === ':memory:') return;
    const max = this.#options.maxBytes ?? DEFAULT_MAX_TRACE_BYTES;
    const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
    if (size(path) + size(`${path}-wal`) <= max) return;
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
    const keep = Math.max(1, this.#options.keepRotated ?? 2);
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    renameSync(path, `${path}.1`);
    for (const extra of ['-wal', '-shm']) rmSync(`${path}${extra}`, { force: true });
    this.#open();
  }

  /** Whether to keep this request (by `sampleRate`). */
  get maxFieldBytes(): number {
    return this.#options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  }

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
    const encoded = batch.map((p) => this.#encode(p.record));
    try {
      this.#writeBatch(encoded);
      for (const p of batch) p.resolve();
    } catch {
      // One record the database refuses must not roll back the others: write each on its own.
      batch.forEach((p, i) => {
        try {
          this.#writeBatch([encoded[i] as Encoded]);
          p.resolve();
        } catch (err) {
          p.reject(err);
        }
      });
    }
    if (++this.#flushes % SIZE_CHECK_EVERY === 0) {
      try {
        this.#rotateIfLarge();
      } catch {} // a failed rotation keeps writing to the current file
    }
  }

  /** The database file (`:memory:` for an in-memory store). */
  get path(): string {
    return this.#options.path;
  }

  /** Rows of a read-only query on the live database (the dashboard); a statement that writes is refused. */
  select<T>(sql: string, args: ReadonlyArray<string | number> = []): T[] {
    const statement = this.#db.prepare(sql);
    if (!statement.reader || !statement.readonly) throw new Error('TraceStore.select runs read-only queries only');
    return statement.all(...args) as T[];
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
