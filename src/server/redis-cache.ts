import { Redis } from 'ioredis';
import type { SharedCache } from '../backends/cache.js';

/** How often a replica waiting on another's identical call looks for its reply (ms). */
const POLL_MS = 25;
/** How long calls wait for the first connection before reading as misses (ms). */
const CONNECT_WAIT_MS = 2_000;

/**
 * The model-call cache replicas share in Redis (`REWARDKIT_REDIS_URL`): replies under `<prefix>:cache:<key>`,
 * claims of calls in flight under `<prefix>:flight:<key>` (SET NX PX). Redis trouble reads as a miss: the
 * call is then made here, never failed.
 */
export class RedisSharedCache implements SharedCache {
  readonly #redis: Redis;
  readonly #firstConnect: Promise<void>;

  constructor(
    url: string,
    private readonly prefix: string,
    /** How long a reply is kept (s). */
    private readonly ttlSeconds = 7 * 86_400,
  ) {
    this.#redis = new Redis(url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      commandTimeout: 1_000,
      retryStrategy: (n) => Math.min(n * 100, 1_000),
    });
    this.#redis.on('error', () => {}); // a cache outage is a miss, not an error
    // Calls made while the first connection is still being set up wait for it (briefly), not miss.
    this.#firstConnect = new Promise((resolve) => {
      const timer = setTimeout(resolve, CONNECT_WAIT_MS);
      this.#redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async #safe<T>(run: () => Promise<T>, otherwise: T): Promise<T> {
    if (this.#redis.status !== 'ready') await this.#firstConnect;
    if (this.#redis.status !== 'ready') return otherwise;
    try {
      return await run();
    } catch {
      return otherwise;
    }
  }

  get(key: string): Promise<string | undefined> {
    return this.#safe(async () => (await this.#redis.get(`${this.prefix}:cache:${key}`)) ?? undefined, undefined);
  }

  set(key: string, _backend: string, text: string): Promise<void> {
    return this.#safe(async () => {
      await this.#redis
        .multi()
        .set(`${this.prefix}:cache:${key}`, text, 'EX', this.ttlSeconds)
        .del(`${this.prefix}:flight:${key}`)
        .exec();
    }, undefined);
  }

  claim(key: string, ms: number): Promise<boolean> {
    return this.#safe(
      async () => (await this.#redis.set(`${this.prefix}:flight:${key}`, '1', 'PX', ms, 'NX')) === 'OK',
      true,
    );
  }

  release(key: string): Promise<void> {
    return this.#safe(async () => {
      await this.#redis.del(`${this.prefix}:flight:${key}`);
    }, undefined);
  }

  async wait(key: string, ms: number): Promise<string | undefined> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const [reply, claimed] = await this.#safe(
        async () => {
          const r = await this.#redis
            .multi()
            .get(`${this.prefix}:cache:${key}`)
            .exists(`${this.prefix}:flight:${key}`)
            .exec();
          return [r?.[0]?.[1] as string | null, r?.[1]?.[1] as number];
        },
        [null, 0] as [string | null, number],
      );
      if (reply !== null) return reply;
      if (claimed === 0) return undefined; // the claimer gave up (its call failed): call ourselves
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return undefined;
  }

  close(): void {
    this.#redis.disconnect();
  }
}
