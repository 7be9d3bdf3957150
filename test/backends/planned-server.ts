// The scripted server as most backend tests use it: started for the file, every request planned.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  type BackendConfigInput,
  type BackendFailure,
  Backends,
  backendConfigSchema,
  type FetchLike,
  type MemoryCache,
  type SqliteCache,
} from '../../src/backends/index.js';
import { guardedFetch, ScriptedServer } from './scripted-server.js';

export interface PlannedServer {
  server: ScriptedServer;
  /** Outbound URLs the guard refused (anything but the scripted server). */
  refused: string[];
  /** The default transport, to the scripted server only (one for the file). */
  fetch: FetchLike;
  /** A fresh guarded transport (its own keep-alive agents), to the scripted server only. */
  guard: () => FetchLike;
}

/**
 * Starts a scripted server for the calling test file and checks after each test that every request
 * was planned: by the script, and to the scripted server only.
 */
export function plannedServer(): PlannedServer {
  const server = new ScriptedServer();
  const refused: string[] = [];
  beforeAll(() => server.start());
  afterAll(() => server.close());
  afterEach(() => {
    const unplanned = server.unplanned.splice(0);
    const outside = refused.splice(0);
    expect(unplanned).toEqual([]);
    expect(outside).toEqual([]);
  });
  const guard = () => guardedFetch(() => [server.url], refused);
  return { server, refused, fetch: guard(), guard };
}

/** A hub with one backend `b` (model `m`, 2 retries, 1 ms backoff) on the planned server; `RK_KEY` is set. */
export function hubOn(planned: PlannedServer) {
  return (config: Partial<BackendConfigInput> = {}, extra: { cache?: SqliteCache | MemoryCache } = {}) => {
    const configs = {
      b: backendConfigSchema.parse({
        baseUrl: `${planned.server.url}/v1`,
        model: 'm',
        retries: 2,
        backoffMs: 1,
        ...config,
      }),
    };
    return new Backends({ configs, fetch: planned.fetch, env: { RK_KEY: 'secret-key' }, ...extra });
  };
}

/** A one-token rating request asking for 5 top log-probs. */
export const ask = { messages: [{ role: 'user', content: 'Rate it' }], maxTokens: 1, topLogprobs: 5 };

/** The failure a promise rejects with, or undefined when it resolves. */
export const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as BackendFailure,
  );
