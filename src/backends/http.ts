import { BackendFailure } from './failure.js';
import type { Gate } from './gate.js';
import type { BackendCounters } from './stats.js';

/** The part of a fetch `Response` backends read; global `fetch` satisfies it. */
export interface TransportResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The one way rewardkit reaches the network: `httpTransport()` by default; global `fetch`, a fake or a guard
 * that refuses unplanned URLs in tests.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<TransportResponse>;

export interface PostOptions {
  backend: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  gate: Gate;
  counters: BackendCounters;
  fetch: FetchLike;
  /** The caller's budget; aborting it stops waiting and retrying. */
  signal?: AbortSignal | undefined;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * POSTs a JSON body and returns the reply text. Retries 408/429/5xx, timeouts and network errors with
 * exponential backoff and jitter, honouring Retry-After; each attempt has its own timeout. Failures throw
 * a BackendFailure (`backend-error` or `backend-timeout`).
 */
export async function postJson(o: PostOptions): Promise<{ text: string; ms: number }> {
  let last: BackendFailure | undefined;
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (o.signal?.aborted) break;
    let wait: number | undefined;
    let release: (() => void) | undefined;
    try {
      release = await o.gate.acquire(o.signal);
    } catch {
      break;
    }
    const t0 = performance.now();
    // One controller and one timer per attempt (AbortSignal.any/timeout cost several times more per call).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${o.timeoutMs} ms`));
    }, o.timeoutMs);
    const outer = o.signal;
    const onAbort = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    o.counters.requests++;
    try {
      const res = await o.fetch(o.url, { method: 'POST', headers: o.headers, body: o.body, signal: controller.signal });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.ok) {
        o.gate.succeeded();
        o.counters.latencyMsSum += ms;
        o.counters.latencyCount++;
        return { text, ms };
      }
      if (res.status === 429) {
        o.counters.throttled++;
        o.gate.throttled();
      }
      last = new BackendFailure('backend-error', o.backend, `HTTP ${res.status}: ${text.slice(0, 200)}`, {
        status: res.status,
        attempts: attempt + 1,
      });
      if (!RETRYABLE.has(res.status)) throw last;
      wait = retryAfterMs(res.headers.get('retry-after'));
    } catch (err) {
      if (err instanceof BackendFailure) throw err;
      if (o.signal?.aborted) break;
      last = timedOut
        ? new BackendFailure('backend-timeout', o.backend, `no answer within ${o.timeoutMs} ms`, {
            attempts: attempt + 1,
          })
        : new BackendFailure('backend-error', o.backend, `request failed: ${(err as Error).message}`, {
            attempts: attempt + 1,
            cause: err,
          });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      release();
    }
    if (attempt === o.retries) break;
    o.counters.retries++;
    const backoff = o.backoffMs * 2 ** attempt * (0.5 + Math.random() / 2);
    try {
      await sleep(Math.min(o.maxBackoffMs, wait ?? backoff), o.signal);
    } catch {
      break;
    }
  }
  if (o.signal?.aborted) {
    throw new BackendFailure('backend-timeout', o.backend, 'the sample ran out of time before the backend answered');
  }
  throw last ?? new BackendFailure('backend-error', o.backend, 'no attempt was made');
}
