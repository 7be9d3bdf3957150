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
  return createHash('sha256').update(api).update('\n').update(url).update('\n').update(body).digest('base64url');
}

/** The default cache file, relative to the working directory (`REWARDKIT_CACHE` overrides it in hosts). */
export const DEFAULT_CACHE_PATH = '.rewardkit/cache.sqlite';

/** A persistent cache in one SQLite file (WAL, so several processes and threads can share it). */
export class SqliteCache implements ResponseCache {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], string>;
  readonly #set: Database.Statement<[string, string, string, number]>;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(
      'CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, backend TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID',
    );
    this.#get = this.#db.prepare<[string], string>('SELECT body FROM responses WHERE key = ?').pluck();
    this.#set = this.#db.prepare('INSERT OR REPLACE INTO responses (key, backend, body, created) VALUES (?, ?, ?, ?)');
  }

  get(key: string): string | undefined {
    return this.#get.get(key);
  }

  set(key: string, backend: string, text: string): void {
    this.#set.run(key, backend, text, Date.now());
  }

  close(): void {
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
