// Glue for hosts (CLI, server): backend configs from specs and server config, checked against the trees that use them.
import { RewardError } from '../core/codes.js';
import type { CompiledNode } from '../core/spec.js';
import { type ResponseCache, type SharedCache, SqliteCache } from './cache.js';
import { type BackendConfig, mergeBackendConfigs, parseBackendConfigs } from './config.js';
import type { FetchLike } from './http.js';
import { Backends } from './hub.js';
import type { BackendStats } from './stats.js';

/** Backend names the leaves of a tree call, with the component path of each caller. */
export function backendsUsed(root: CompiledNode): Array<{ name: string; path: string }> {
  const out: Array<{ name: string; path: string }> = [];
  const walk = (node: CompiledNode): void => {
    const names = node.def.backendsOf?.(node.params) ?? [];
    for (const name of names) out.push({ name, path: node.path });
    for (const children of Object.values(node.slots)) children.forEach(walk);
  };
  walk(root);
  return out;
}

/** A spec as hosts hold it: where it came from, its raw `backends:` map and its compiled tree. */
export interface SpecBackends {
  file: string;
  backends?: unknown;
  root: CompiledNode;
}

/**
 * Validates and merges the backend maps of the server config (if any) and every spec, adds the default
 * backend from `env`, and checks every backend a tree calls is configured. Errors name file and field.
 */
export function resolveBackendConfigs(
  specs: readonly SpecBackends[],
  env: Readonly<Record<string, string | undefined>>,
  server?: { file: string; backends: unknown },
): Record<string, BackendConfig> {
  const maps = [
    ...(server ? [{ file: server.file, backends: parseBackendConfigs(server.backends, server.file) }] : []),
    ...specs.map((s) => ({ file: s.file, backends: parseBackendConfigs(s.backends, s.file) })),
  ];
  const configs = mergeBackendConfigs(maps, env);
  for (const spec of specs) {
    const missing = missingBackend(spec, configs);
    if (missing) throw new RewardError('invalid-spec', missing, { where: spec.file });
  }
  return configs;
}

/** Why a spec cannot be served with `configs` (the first backend it calls that is not configured), or undefined. */
export function missingBackend(
  spec: SpecBackends,
  configs: Readonly<Record<string, BackendConfig>>,
): string | undefined {
  for (const { name, path } of backendsUsed(spec.root)) {
    if (configs[name]) continue;
    const known = Object.keys(configs);
    const hint =
      name === 'default'
        ? ' (set OPENAI_BASE_URL and REWARDKIT_JUDGE_MODEL, or define "default" under backends:)'
        : known.length
          ? ` (configured: ${known.join(', ')})`
          : ' (define it under "backends:" in the spec or the server config)';
    return `node "${path}" calls backend "${name}", which is not configured${hint}`;
  }
  return undefined;
}

/**
 * Splits specs into those whose backends are all configured and those that are not, without throwing: a
 * server skips the second kind when they come from a spec folder (a judge spec on a machine with no judge).
 */
export function servableSpecs<S extends SpecBackends>(
  specs: readonly S[],
  env: Readonly<Record<string, string | undefined>>,
  server?: { file: string; backends: unknown },
): { servable: S[]; skipped: Array<{ spec: S; reason: string }> } {
  const maps = [
    ...(server ? [{ file: server.file, backends: parseBackendConfigs(server.backends, server.file) }] : []),
    ...specs.map((s) => ({ file: s.file, backends: parseBackendConfigs(s.backends, s.file) })),
  ];
  const configs = mergeBackendConfigs(maps, env);
  const servable: S[] = [];
  const skipped: Array<{ spec: S; reason: string }> = [];
  for (const spec of specs) {
    const reason = missingBackend(spec, configs);
    if (reason) skipped.push({ spec, reason });
    else servable.push(spec);
  }
  return { servable, skipped };
}

/** Only the environment variables the configs name as API keys (what workers are handed). */
export function keyEnv(
  configs: Readonly<Record<string, BackendConfig>>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of Object.values(configs)) {
    const value = c.apiKeyEnv ? env[c.apiKeyEnv] : undefined;
    if (c.apiKeyEnv && value !== undefined) out[c.apiKeyEnv] = value;
  }
  return out;
}

/** Builds the backends of a process: undefined when nothing calls a model (no cache file is created then). */
export function openBackends(options: {
  configs: Readonly<Record<string, BackendConfig>>;
  used: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Cache file, or null for no persistent cache. */
  cachePath: string | null;
  /** A cache shared with other replicas, behind the file one (the server's Redis). */
  shared?: SharedCache | undefined;
  stats?: BackendStats;
  fetch?: FetchLike;
}): Backends | undefined {
  if (!options.used) return undefined;
  const cache: ResponseCache | undefined = options.cachePath ? new SqliteCache(options.cachePath) : undefined;
  return new Backends({
    configs: options.configs,
    env: options.env,
    cache,
    shared: options.shared,
    ...(options.stats ? { stats: options.stats } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
