import { resolve } from 'node:path';
import { backendsUsed, DEFAULT_CACHE_PATH, openBackends, resolveBackendConfigs } from '../backends/index.js';
import { Runner } from '../core/runner.js';
import type { CompiledNode } from '../core/spec.js';
import { createLazyRegistry } from '../kinds/lazy.js';
import { leafSpec, loadSpecFile } from './load-spec.js';

/** How a command names the reward it runs and how it runs it. */
export interface SpecRunnerFlags {
  spec?: string | undefined;
  reward?: string | undefined;
  params?: string | undefined;
  concurrency: number;
  timeoutMs?: number | undefined;
  /** Model-backend cache file; false turns the cache off. */
  cache?: string | false | undefined;
}

/** A compiled spec with a Runner for it (model backends opened when the spec calls one). */
export interface SpecRunner {
  file: string;
  root: CompiledNode;
  runner: Runner;
  backends: ReturnType<typeof openBackends>;
  close(): void;
}

/** Compiles `--spec FILE` (or `--reward KIND --params JSON`) and builds the Runner every command uses. */
export async function specRunner(flags: SpecRunnerFlags, env: NodeJS.ProcessEnv): Promise<SpecRunner> {
  if (!flags.spec === !flags.reward) throw new Error('give exactly one of --spec FILE or --reward KIND');
  // Only the families the spec names are imported.
  const registry = createLazyRegistry();
  const { spec, root } = flags.spec
    ? await loadSpecFile(flags.spec, registry)
    : await leafSpec(flags.reward as string, flags.params, registry);
  const file = flags.spec ?? `--reward ${flags.reward}`;
  const configs = resolveBackendConfigs([{ file, backends: spec.backends, root }], env);
  const cachePath = flags.cache === false ? null : resolve(flags.cache ?? (env.REWARDKIT_CACHE || DEFAULT_CACHE_PATH));
  const backends = openBackends({ configs, used: backendsUsed(root).length > 0, env, cachePath });
  const runner = new Runner({
    concurrency: flags.concurrency,
    ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
    ...(backends ? { services: { backends } } : {}),
  });
  return { file, root, runner, backends, close: () => backends?.close() };
}

/** A positive integer flag, or a clear error naming the flag. */
export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}
