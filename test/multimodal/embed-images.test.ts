// Image embeddings over real HTTP to the scripted server: the wire shape (vLLM's chat form of /v1/embeddings),
// the vision flag, and vlm-rm / state-goal-similarity reading the sample's image when no vector is supplied.
import { describe, expect, it } from 'vitest';
import { Backends, backendConfigSchema } from '../../src/backends/index.js';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { promptMean, vlmRmReward } from '../../src/vision-rewards/embeddings/vlm-rm.js';
import { plannedServer } from '../backends/planned-server.js';
import { imageEmbeddingsReply, textEmbedding } from '../helpers/scripted-embeddings.js';
import { imagePart, pngDataUrl } from './png.js';

const planned = plannedServer();
const kneeling = pngDataUrl([10, 200, 10]);
const standing = pngDataUrl([200, 10, 10]);
const captions = { [kneeling]: 'a humanoid robot kneeling', [standing]: 'a humanoid robot standing' };
const registry = createRegistry();

const hub = (config: Record<string, unknown> = {}) =>
  new Backends({
    configs: {
      embed: backendConfigSchema.parse({
        baseUrl: `${planned.server.url}/v1`,
        model: 'clip',
        retries: 0,
        vision: true,
        ...config,
      }),
    },
    fetch: planned.guard(),
  });
const run = (node: NodeSpec, samples: Sample[], backends = hub()) =>
  new Runner({ services: { backends } }).score(compileNode(node, registry, { file: 't' }), samples);

describe('image embeddings', () => {
  it('embeds texts in one batch and each image in vLLM’s chat form, rows in input order', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    const rows = await hub().embed('embed', ['a red door', { image: kneeling }, 'a blue door', { image: standing }]);
    expect(rows).toEqual([
      textEmbedding('a red door'),
      textEmbedding('a humanoid robot kneeling'),
      textEmbedding('a blue door'),
      textEmbedding('a humanoid robot standing'),
    ]);
    const bodies = planned.server.seen.map((s) => s.body);
    expect(bodies).toHaveLength(3);
    expect(bodies).toContainEqual({ model: 'clip', input: ['a red door', 'a blue door'] });
    for (const url of [kneeling, standing]) {
      expect(bodies).toContainEqual({
        model: 'clip',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }],
        encoding_format: 'float',
      });
    }
  });

  it('sends an instruction beside the image when asked (VLM2Vec-style models)', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    await hub().embed('embed', [{ image: kneeling, text: 'Represent the given image.' }]);
    expect(planned.server.seen[0]?.body.messages[0].content).toEqual([
      { type: 'image_url', image_url: { url: kneeling } },
      { type: 'text', text: 'Represent the given image.' },
    ]);
  });

  it('refuses images to a backend not marked vision: true, and to TEI (text only), before any request', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    await expect(hub({ vision: false }).embed('embed', [{ image: kneeling }])).rejects.toMatchObject({
      code: 'image-unsupported',
    });
    await expect(hub({ api: 'tei-embed' }).embed('embed', ['x', { image: kneeling }])).rejects.toMatchObject({
      code: 'image-unsupported',
      message: expect.stringContaining('api "tei-embed" embeds text only'),
    });
    expect(planned.server.seen).toEqual([]);
  });
});

describe('vlm-rm and state-goal-similarity on images', () => {
  const VLM: NodeSpec = {
    kind: 'vlm-rm',
    params: { backend: 'embed', goal: ['a humanoid robot kneeling'], baseline: ['a humanoid robot'] },
  };
  const frame = (url: string, role = 'tool'): Sample => ({
    prompt: 'Kneel.',
    response: [
      { role: 'assistant', content: 'I bend my knees.' },
      { role, content: [{ type: 'text', text: 'frame:' }, imagePart(url)] },
    ],
  });

  it('vlm-rm embeds the response’s last image as the state, the formula pinned to the same vectors', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    const [k, s] = await run(VLM, [frame(kneeling), frame(standing)]);
    const g = promptMean([textEmbedding('a humanoid robot kneeling')]);
    const b = promptMean([textEmbedding('a humanoid robot')]);
    expect(k?.score).toBeCloseTo(vlmRmReward(textEmbedding('a humanoid robot kneeling'), g, b, 0.5), 12);
    expect(s?.score).toBeCloseTo(vlmRmReward(textEmbedding('a humanoid robot standing'), g, b, 0.5), 12);
    expect(k?.score as number).toBeGreaterThan(s?.score as number);
    expect(k?.details?.state).toBe('response[1].content[1]');
    const imageBodies = planned.server.seen.filter((r) => r.body.messages !== undefined);
    expect(imageBodies).toHaveLength(2);
  });

  it('vlm-rm: a supplied vector wins over the image; stateImage none falls back to the text', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    const supplied = { ...frame(standing), metadata: { embedding: textEmbedding('a humanoid robot kneeling') } };
    const [v] = await run(VLM, [supplied]);
    expect(v?.details?.state).toBe('metadata');
    const [t] = await run({ ...VLM, params: { ...VLM.params, stateImage: 'none' } }, [frame(kneeling)]);
    expect(t?.details?.state).toBe('response-text');
    expect(planned.server.seen.filter((r) => r.body.messages !== undefined)).toEqual([]);
  });

  it('vlm-rm on a text-only embeddings backend is image-unsupported, not a text score', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    const [r] = await run(VLM, [frame(kneeling)], hub({ vision: false }));
    expect([r?.status, r?.code]).toEqual(['unscorable', 'image-unsupported']);
    expect(planned.server.seen).toEqual([]);
  });

  it('state-goal-similarity with stateFrom image: the last image against the goal, progress against the one before', async () => {
    planned.server.script(imageEmbeddingsReply(captions));
    const node = (mode: string): NodeSpec => ({
      kind: 'state-goal-similarity',
      params: { backend: 'embed', stateFrom: 'image', mode },
    });
    const cos = (a: number[], b: number[]) => {
      const dot = a.reduce((s, x, i) => s + x * (b[i] as number), 0);
      return dot / Math.hypot(...a) / Math.hypot(...b);
    };
    const goal = 'a humanoid robot kneeling';
    const sample: Sample = {
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'before:' }, imagePart(standing)] }],
      response: [{ role: 'tool', content: [imagePart(kneeling)] }],
      reference: goal,
    };
    const [sim] = await run(node('similarity'), [sample]);
    expect(sim?.score).toBeCloseTo(cos(textEmbedding(captions[kneeling] as string), textEmbedding(goal)), 12);
    const [progress] = await run(node('progress'), [sample]);
    const before = cos(textEmbedding(captions[standing] as string), textEmbedding(goal));
    expect(progress?.score).toBeCloseTo((sim?.score as number) - before, 12);
    const [none] = await run(node('similarity'), [{ prompt: 'x', response: 'y', reference: goal }]);
    expect([none?.status, none?.code]).toEqual(['unscorable', 'missing-input']);
    const [one] = await run(node('progress'), [{ ...sample, prompt: 'x' }]);
    expect(one?.message).toContain('progress on images needs two images');
  });
});
