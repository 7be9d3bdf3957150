// The `head` kind serves saved heads: hashed n-grams in-process, embeddings through a real scripted HTTP server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Backends, backendConfigSchema } from '../../src/backends/index.js';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { DEFAULT_HASHED_NGRAMS, hashedNgrams } from '../../src/heads/features/hashed-ngrams.js';
import { headInputText } from '../../src/heads/features/input-text.js';
import { headReward } from '../../src/heads/head-reward.js';
import type { PairExample } from '../../src/heads/objectives.js';
import { trainHead } from '../../src/heads/train.js';
import { guardedFetch, ScriptedServer } from '../backends/scripted-server.js';
import { contractSuite } from '../contract.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-head-'));
const registry = createRegistry();
const GOOD = 'a clear and detailed answer with an example';
const BAD = 'no idea, whatever';
const prompts = ['eggs', 'tides', 'rust', 'bread', 'rain'];

function hashedHeadFile(): string {
  const config = { ...DEFAULT_HASHED_NGRAMS, dim: 256 };
  const pairs: PairExample[] = [];
  for (let i = 0; i < 200; i++) {
    const p = `Tell me about ${prompts[i % prompts.length]}`;
    pairs.push({
      chosen: hashedNgrams(headInputText(p, `${GOOD} ${i % 7}`, 'prompt-response'), config),
      rejected: hashedNgrams(headInputText(p, `${BAD} ${i % 5}`, 'prompt-response'), config),
    });
  }
  const { file } = trainHead(pairs, { objective: 'bt', featuriser: config, input: 'prompt-response', seed: 2 });
  const path = join(dir, 'hashed.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

const hashed = hashedHeadFile();
const score = (node: object, samples: Sample[], runner = new Runner()) =>
  runner.score(compileNode(node as never, registry, { file: 'test' }), samples);

describe('head kind: hashed n-grams', () => {
  contractSuite(headReward, {
    node: { kind: 'head', params: { file: hashed } },
    samples: [{ prompt: 'Tell me about eggs', response: GOOD }],
  });

  it('scores the preferred style above the other, for an unseen prompt', async () => {
    const [good, bad] = await score({ kind: 'head', params: { file: hashed } }, [
      { prompt: 'Tell me about volcanoes', response: GOOD },
      { prompt: 'Tell me about volcanoes', response: BAD },
    ]);
    expect(good?.status).toBe('scored');
    expect(good?.score as number).toBeGreaterThan((bad?.score as number) + 1);
  });

  it('stuffing the rewarded words cannot push a hashed linear head past ‖w‖ + |b| (features are L2-normalised)', async () => {
    const file = JSON.parse(readFileSync(hashed, 'utf8'));
    const w: number[] = file.weights.slice(0, -1);
    const bound = Math.hypot(...w) + Math.abs(file.weights.at(-1));
    const [normal, stuffed] = await score({ kind: 'head', params: { file: hashed } }, [
      { prompt: 'Tell me about eggs', response: GOOD },
      { prompt: 'Tell me about eggs', response: `${GOOD} `.repeat(5000) },
    ]);
    expect(Math.abs(stuffed?.score as number)).toBeLessThanOrEqual(bound);
    expect(Math.abs(normal?.score as number)).toBeLessThanOrEqual(bound);
  });

  it('an empty response is unscorable, not a low score', async () => {
    const [r] = await score({ kind: 'head', params: { file: hashed } }, [{ prompt: 'x', response: '' }]);
    expect(r?.status).toBe('unscorable');
    expect(r?.code).toBe('empty-response');
  });

  it('a missing or malformed head file is an error result naming the file and field', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'rewardkit-head', version: 1, objective: 'bt' }));
    const [missing] = await score({ kind: 'head', params: { file: join(dir, 'nope.json') } }, [
      { prompt: 'x', response: 'y' },
    ]);
    const [bad] = await score({ kind: 'head', params: { file: broken } }, [{ prompt: 'x', response: 'y' }]);
    expect(missing?.code).toBe('invalid-spec');
    expect(missing?.message).toMatch(/nope\.json/);
    expect(bad?.code).toBe('invalid-spec');
    expect(bad?.message).toMatch(/broken\.json: featuriser/);
  });

  it('a tampered head (wrong weight count) is refused', async () => {
    const tampered = join(dir, 'tampered.json');
    const file = JSON.parse(readFileSync(hashed, 'utf8'));
    file.weights.pop();
    writeFileSync(tampered, JSON.stringify(file));
    const [r] = await score({ kind: 'head', params: { file: tampered } }, [{ prompt: 'x', response: 'y' }]);
    expect(r?.code).toBe('invalid-spec');
    expect(r?.message).toMatch(/weights: expected 257 numbers/);
  });
});

describe('head kind: embeddings backend over HTTP', () => {
  const server = new ScriptedServer();
  const refused: string[] = [];
  // A deterministic "embedding": counts of two word families and a length term.
  const embed = (t: string) => [
    (t.match(/clear|detailed|example/g) ?? []).length,
    (t.match(/no idea|whatever/g) ?? []).length,
    t.length / 100,
  ];
  beforeAll(async () => {
    await server.start();
    server.script((req) =>
      req.path === '/v1/embeddings'
        ? { body: { data: (req.body.input as string[]).map((t, index) => ({ index, embedding: embed(t) })) } }
        : undefined,
    );
  });
  afterAll(() => server.close());
  afterEach(() => {
    expect(server.unplanned.splice(0)).toEqual([]);
    expect(refused.splice(0)).toEqual([]);
  });
  const backends = () =>
    new Backends({
      configs: {
        emb: backendConfigSchema.parse({ baseUrl: `${server.url}/v1`, model: 'e', retries: 0, backoffMs: 1 }),
      },
      fetch: guardedFetch(() => [server.url], refused),
    });

  it('serves a head trained on the same embeddings; equal to scoring the vectors directly', async () => {
    const pairs: PairExample[] = Array.from({ length: 100 }, (_, i) => ({
      chosen: Float64Array.from(embed(headInputText('q', `${GOOD} ${i}`, 'response'))),
      rejected: Float64Array.from(embed(headInputText('q', `${BAD} ${i}`, 'response'))),
    }));
    const { file, head } = trainHead(pairs, {
      objective: 'bt',
      featuriser: { type: 'embeddings', backend: 'emb' },
      input: 'response',
    });
    const path = join(dir, 'emb.json');
    writeFileSync(path, JSON.stringify(file));
    const node = compileNode({ kind: 'head', params: { file: path } } as never, registry, { file: 'test' });
    expect(node.def.backendsOf?.(node.params)).toEqual(['emb']);
    const runner = new Runner({ services: { backends: backends() } });
    const [r] = await runner.score(node, [{ prompt: 'q', response: GOOD }]);
    const w = head.params;
    const x = embed(GOOD);
    const direct =
      (w[0] as number) * (x[0] as number) +
      (w[1] as number) * (x[1] as number) +
      (w[2] as number) * (x[2] as number) +
      (w[3] as number);
    expect(r?.status).toBe('scored');
    expect(r?.score).toBeCloseTo(direct, 12);
    expect(server.seen[0]?.body.input).toEqual([GOOD]);
  });

  it('an embedding of the wrong size is a model-error result', async () => {
    const path = join(dir, 'emb4.json');
    const { file } = trainHead(
      Array.from({ length: 10 }, (_, i) => ({
        chosen: Float64Array.of(i, 1, 0, 0),
        rejected: Float64Array.of(0, 0, 1, i),
      })),
      { objective: 'bt', featuriser: { type: 'embeddings', backend: 'emb' }, input: 'response' },
    );
    writeFileSync(path, JSON.stringify(file));
    const [r] = await score(
      { kind: 'head', params: { file: path } },
      [{ prompt: 'q', response: GOOD }],
      new Runner({ services: { backends: backends() } }),
    );
    expect(r?.code).toBe('model-error');
    expect(r?.message).toMatch(/3 dimensions; the head was trained on 4/);
  });
});
