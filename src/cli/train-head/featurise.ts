// Turns texts into feature vectors for training: hashed n-grams, or an embeddings backend (cached, in batches).
import { resolve } from 'node:path';
import { type Backends, DEFAULT_CACHE_PATH, openBackends } from '../../backends/index.js';
import type { Featuriser } from '../../heads/index.js';
import { hashedNgrams } from '../../heads/index.js';
import { backendConfigsFlag } from '../backends-flag.js';

/** A featuriser bound to its backend, if any. */
export interface OpenFeaturiser {
  config: Featuriser;
  vectors(texts: string[]): Promise<Float64Array[]>;
  close(): void;
}

export function openFeaturiser(
  o: {
    embed?: string | undefined;
    backends?: string | undefined;
    dim: number;
    ngrams: number;
    seed: number;
    cache?: string | false | undefined;
  },
  env: NodeJS.ProcessEnv,
): OpenFeaturiser {
  if (!o.embed) {
    const config = { type: 'hashed-ngrams' as const, dim: o.dim, maxN: o.ngrams, seed: o.seed };
    return { config, vectors: async (texts) => texts.map((t) => hashedNgrams(t, config)), close: () => {} };
  }
  const name = o.embed;
  const configs = backendConfigsFlag(o.backends, env);
  if (!configs[name])
    throw new Error(
      `--embed ${name}: no backend of that name (known: ${Object.keys(configs).join(', ') || 'none'}; give --backends FILE)`,
    );
  const cachePath = o.cache === false ? null : resolve(o.cache ?? (env.REWARDKIT_CACHE || DEFAULT_CACHE_PATH));
  const backends = openBackends({ configs, used: true, env, cachePath }) as Backends;
  return {
    config: { type: 'embeddings', backend: name },
    async vectors(texts) {
      const out: Float64Array[] = [];
      for (let i = 0; i < texts.length; i += 64) {
        const rows = await backends.embed(name, texts.slice(i, i + 64));
        for (const r of rows) out.push(Float64Array.from(r));
      }
      const dim = out[0]?.length;
      if (out.some((v) => v.length !== dim))
        throw new Error(`--embed ${name}: the backend returned embeddings of different lengths`);
      return out;
    },
    close: () => backends.close(),
  };
}
