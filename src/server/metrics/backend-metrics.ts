import { Counter, type Registry } from 'prom-client';
import type { BackendCounters, BackendStats } from '../../backends/index.js';

type Reading = (c: BackendCounters) => Array<[Record<string, string>, number]>;

/** Model-backend counters in /metrics, read from `stats` at scrape time (workers' deltas are merged into it). */
export function registerBackendMetrics(registry: Registry, stats: BackendStats): void {
  const define = (name: string, help: string, labelNames: string[], read: Reading): void => {
    new Counter({
      name,
      help,
      labelNames: ['backend', ...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const [backend, c] of Object.entries(stats.snapshot())) {
          for (const [labels, value] of read(c)) if (value > 0) this.inc({ backend, ...labels }, value);
        }
      },
    });
  };
  define('rewardkit_backend_requests_total', 'HTTP requests sent to a model backend (retries included)', [], (c) => [
    [{}, c.requests],
  ]);
  define(
    'rewardkit_backend_cache_total',
    'Backend calls by cache outcome: hit, miss, or deduped in flight',
    ['result'],
    (c) => [
      [{ result: 'hit' }, c.hits],
      [{ result: 'miss' }, c.misses],
      [{ result: 'deduped' }, c.deduped],
    ],
  );
  define('rewardkit_backend_failures_total', 'Backend calls that failed, by code', ['code'], (c) =>
    Object.entries(c.failuresByCode).map(([code, n]) => [{ code }, n]),
  );
  define('rewardkit_backend_retries_total', 'Retried backend requests', [], (c) => [[{}, c.retries]]);
  define('rewardkit_backend_throttled_total', '429 answers from a backend', [], (c) => [[{}, c.throttled]]);
  define('rewardkit_backend_tokens_total', 'Tokens reported by backends, by kind', ['kind'], (c) => [
    [{ kind: 'prompt' }, c.promptTokens],
    [{ kind: 'completion' }, c.completionTokens],
  ]);
  define('rewardkit_backend_latency_seconds_total', 'Summed latency of answered backend requests', [], (c) => [
    [{}, c.latencyMsSum / 1000],
  ]);
  define(
    'rewardkit_backend_responses_total',
    'Answered backend requests (divide latency by this for the mean)',
    [],
    (c) => [[{}, c.latencyCount]],
  );
  define('rewardkit_judge_verdicts_total', 'Verdicts a judge read from a backend reply', [], (c) => [[{}, c.verdicts]]);
  define('rewardkit_judge_failures_total', 'Judge calls with no verdict, by code (never scored)', ['code'], (c) =>
    Object.entries(c.judgeFailuresByCode).map(([code, n]) => [{ code }, n]),
  );
  define(
    'rewardkit_judge_screened_total',
    'Responses a judge settled before any call (master keys, empty after <think>)',
    [],
    (c) => [[{}, c.screened]],
  );
}
