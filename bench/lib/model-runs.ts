// Timed runs shared by the model-backend benches (bench/backends, bench/judges): a spec scored through
// the Runner with a fresh client and cache, the best of several rounds, and the bare-HTTP baseline.
import { type BackendConfig, Backends, type FetchLike, SqliteCache } from '../../src/backends/index.js';
import type { Registry } from '../../src/core/registry.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';

export interface Run {
  seconds: number;
  cpuMs: number;
}

/** Scores `samples` with `node` through a fresh client (cache file or none); every sample must score. */
export async function scoreRun(
  node: NodeSpec,
  samples: readonly Sample[],
  o: { configs: Record<string, BackendConfig>; registry: Registry; concurrency: number; cachePath: string | null },
): Promise<Run> {
  const backends = new Backends({ configs: o.configs, cache: o.cachePath ? new SqliteCache(o.cachePath) : undefined });
  const runner = new Runner({ concurrency: o.concurrency, services: { backends } });
  const root = compileNode(node, o.registry, { file: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await runner.score(root, samples);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  backends.close();
  const bad = results.filter((r) => r.status !== 'scored');
  if (bad.length) throw new Error(`${bad.length} samples not scored: ${JSON.stringify(bad[0])}`);
  return { seconds, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The least disturbed of `rounds` runs (lowest wall time). */
export async function best(rounds: number, once: () => Promise<Run>): Promise<Run> {
  let out: Run | undefined;
  for (let r = 0; r < rounds; r++) {
    const got = await once();
    if (!out || got.seconds < out.seconds) out = got;
  }
  return out as Run;
}

/** The baseline: `n` JSON POSTs to `url`, `concurrency` at a time, over `transport`, no engine. */
export async function barePosts(
  transport: FetchLike,
  url: string,
  n: number,
  concurrency: number,
  body: (i: number) => unknown,
): Promise<Run> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const res = await transport(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body(i)),
          signal: AbortSignal.timeout(60_000),
        });
        JSON.parse(await res.text());
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}
