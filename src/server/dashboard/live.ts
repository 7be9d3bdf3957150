import type { Registry } from 'prom-client';
import type { ServerContext } from '../context.js';
import type { Counts, Live } from './api-types.js';

type Values = Array<{ labels: Record<string, string | number>; value: number }>;

/** The values of one metric of the registry (its collect hook runs), or none when it is not registered. */
async function valuesOf(registry: Registry, name: string): Promise<Values> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  return ((await metric.get()).values ?? []) as Values;
}

const total = (values: Values, where: (labels: Values[number]['labels']) => boolean = () => true): number =>
  values.reduce((sum, v) => (where(v.labels) ? sum + v.value : sum), 0);

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Live counters from the server's own Prometheus registry: the same numbers /metrics exports. */
export async function liveOf(ctx: ServerContext): Promise<Live> {
  const registry = ctx.metrics.registry;
  const samples: Record<string, Counts> = {};
  for (const v of await valuesOf(registry, 'rewardkit_samples_total')) {
    const spec = String(v.labels.spec);
    const byStatus = (samples[spec] ??= {});
    byStatus[String(v.labels.status)] = (byStatus[String(v.labels.status)] ?? 0) + v.value;
  }
  const errors: Counts = {};
  for (const v of await valuesOf(registry, 'rewardkit_errors_total')) errors[String(v.labels.code)] = v.value;
  const cache = await valuesOf(registry, 'rewardkit_backend_cache_total');
  const hit = total(cache, (l) => l.result === 'hit');
  const miss = total(cache, (l) => l.result === 'miss');
  const deduped = total(cache, (l) => l.result === 'deduped');
  const requests = total(await valuesOf(registry, 'rewardkit_backend_requests_total'));
  const failures = total(await valuesOf(registry, 'rewardkit_backend_failures_total'));
  const verdicts = total(await valuesOf(registry, 'rewardkit_judge_verdicts_total'));
  const judgeFailures = total(await valuesOf(registry, 'rewardkit_judge_failures_total'));
  const screened = total(await valuesOf(registry, 'rewardkit_judge_screened_total'));
  return {
    uptime_s: Math.round((Date.now() - ctx.startedAt) / 1000),
    in_flight: ctx.admission.active,
    queued: ctx.admission.waiting + ctx.scorer.queued,
    samples,
    errors,
    backends: {
      requests,
      cache: { hit, miss, deduped },
      cache_hit_rate: rate(hit, hit + miss + deduped),
      failures,
      // Every backend call is a hit, a miss or deduped; a failure is one of those calls (retries aside).
      failure_rate: rate(failures, hit + miss + deduped),
      judge: {
        verdicts,
        failures: judgeFailures,
        screened,
        failure_rate: rate(judgeFailures, verdicts + judgeFailures),
      },
    },
  };
}
