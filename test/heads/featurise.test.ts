// train-head's embeddings featuriser: a real HTTP embeddings route (scripted, loopback) and the real SQLite cache.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeaturiser } from '../../src/cli/train-head/featurise.js';
import { ScriptedServer } from '../backends/scripted-server.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-feat-'));
const server = new ScriptedServer();
beforeAll(async () => {
  await server.start();
});
afterAll(() => server.close());

describe('embeddings featuriser', () => {
  it('OpenAI /v1/embeddings in batches of 64, in order; a second run is answered by the cache', async () => {
    server.script((req) =>
      req.path === '/v1/embeddings'
        ? {
            body: {
              data: (req.body.input as string[]).map((t, index) => ({ index, embedding: [t.length, 1] })).reverse(),
            },
          }
        : undefined,
    );
    const backends = join(dir, 'backends.yaml');
    writeFileSync(backends, `emb: {api: openai, baseUrl: "${server.url}/v1", model: e, retries: 0}\n`);
    const cache = join(dir, 'cache.sqlite');
    const texts = Array.from({ length: 70 }, (_, i) => 'x'.repeat(i + 1));
    const f = openFeaturiser({ embed: 'emb', backends, dim: 0, ngrams: 1, seed: 0, cache }, {});
    const v = await f.vectors(texts);
    f.close();
    expect(v.map((x) => x[0])).toEqual(texts.map((t) => t.length));
    expect(server.seen.map((s) => s.body.input.length)).toEqual([64, 6]);
    expect(f.config).toEqual({ type: 'embeddings', backend: 'emb' });
    expect(existsSync(cache)).toBe(true);
    const again = openFeaturiser({ embed: 'emb', backends, dim: 0, ngrams: 1, seed: 0, cache }, {});
    const before = server.seen.length;
    expect((await again.vectors(texts)).map((x) => x[0])).toEqual(texts.map((t) => t.length));
    again.close();
    expect(server.seen.length).toBe(before);
    expect(server.unplanned).toEqual([]);
  });

  it('an unknown backend name is a clear error listing the known ones', () => {
    const backends = join(dir, 'b2.yaml');
    writeFileSync(backends, `emb: {api: openai, baseUrl: "${server.url}/v1", model: e}\n`);
    expect(() => openFeaturiser({ embed: 'embd', backends, dim: 0, ngrams: 1, seed: 0, cache: false }, {})).toThrow(
      /--embed embd: no backend of that name \(known: emb/,
    );
  });
});
