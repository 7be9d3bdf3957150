import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Reply texts by request key. Only successful, well-formed replies are stored. */
export interface ResponseCache {
  get(key: string): string | undefined;
  set(key: string, backend: string, text: string): void;
  close(): void;
}

/**
 * The cache key: SHA-256 of the full request, i.e. protocol, URL and the JSON body as sent (model, messages,
 * parameters). Bodies are built by rewardkit in a fixed key order, so equal requests give equal bodies.
 */
export function cacheKey(api: string, url: string, body: string): string {
  return createHash('sha256').update(`${api}\n${url}\n${body}`).digest('base64url');
}

/** The default cache file, relative to the working directory (`REWARDKIT_CACHE` overrides it in hosts). */
export const DEFAULT_CACHE_PATH = '.rewardkit/cache.sqlite';

/**
 * A persistent cache in one SQLite file (WAL, so several processes and threads can share it). Writes are
 * buffered and committed together once the current burst of replies is handled (one transaction instead of
 * one per reply); reads see buffered writes.
 */
export class SqliteCache implements ResponseCache {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], string>;
  readonly #writeAll: (rows: Array<[string, string, string]>) => void;
  #pending = new Map<string, [string, string]>();
  #flush: NodeJS.Immediate | undefined;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('cache_size = -65536'); // 64 MiB of page cache: a re-run reads every reply once
    this.#db.exec(
      'CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, backend TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID',
    );
    this.#get = this.#db.prepare<[string], string>('SELECT body FROM responses WHERE key = ?').pluck();
    const insert = this.#db.prepare<[string, string, string, number]>(
      'INSERT OR REPLACE INTO responses (key, backend, body, created) VALUES (?, ?, ?, ?)',
    );
    this.#writeAll = this.#db.transaction((rows: Array<[string, string, string]>) => {
      const now = Date.now();
      for (const [key, backend, body] of rows) insert.run(key, backend, body, now);
    });
  }

  get(key: string): string | undefined {
    return this.#pending.get(key)?.[1] ?? this.#get.get(key);
  }

  set(key: string, backend: string, text: string): void {
    this.#pending.set(key, [backend, text]);
    this.#flush ??= setImmediate(() => this.flush());
  }

  /** Commits buffered writes now. */
  flush(): void {
    if (this.#flush) clearImmediate(this.#flush);
    this.#flush = undefined;
    if (this.#pending.size === 0 || !this.#db.open) return;
    const rows = [...this.#pending].map(([key, [backend, body]]): [string, string, string] => [key, backend, body]);
    this.#pending = new Map();
    this.#writeAll(rows);
  }

  close(): void {
    this.flush();
    if (this.#db.open) this.#db.close();
  }
}

/** An in-process cache (tests, `--no-cache` still dedupes in flight without it). */
export class MemoryCache implements ResponseCache {
  readonly #map = new Map<string, string>();
  get(key: string): string | undefined {
    return this.#map.get(key);
  }
  set(key: string, _backend: string, text: string): void {
    this.#map.set(key, text);
  }
  close(): void {}
}

/**
 * A cache several processes share (Redis across replicas), behind the local one: asynchronous, and never a
 * reason for a call to fail (an unreachable store reads as a miss). `claim` makes an identical call in
 * flight on several replicas go out once: the others `wait` for the reply the claimer stores.
 */
export interface SharedCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, backend: string, text: string): Promise<void>;
  /** True when this process may make the call (nobody else holds the key for `ms`). */
  claim(key: string, ms: number): Promise<boolean>;
  /** Gives the key up after a failed call, so a waiting replica stops waiting and calls itself. */
  release(key: string): Promise<void>;
  /** The reply another process stores within `ms`, or undefined (its claim ended without one). */
  wait(key: string, ms: number): Promise<string | undefined>;
  close(): void;
}
