// Rewards that read text only (scalar reward models, log-prob scorers, ONI) refuse a sample with images
// (`image-unsupported`) before any model call: scoring its text alone would reward an answer the model never saw.
import { describe, expect, it } from 'vitest';
import { Backends, backendConfigSchema } from '../../src/backends/index.js';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { plannedServer } from '../backends/planned-server.js';
import { imagePart, pngDataUrl } from './png.js';

const planned = plannedServer();
const registry = createRegistry();

const NODES: NodeSpec[] = [
  { kind: 'reward-model' },
  { kind: 'reward-model', params: { referenceBaseline: true } },
  { kind: 'ordinal-logprob' },
  { kind: 'g-eval' },
  { kind: 'follow-up-likelihood' },
  { kind: 'implicit-prm-model' },
  { kind: 'endogenous', params: { source: 'backend' } },
  { kind: 'oni-intrinsic' },
];

const image = imagePart(pngDataUrl([200, 30, 30]));
const withImage: Sample[] = [
  {
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'What colour?' }, image] }],
    response: 'red',
    reference: 'red',
  },
  { prompt: 'Draw it.', response: [{ role: 'assistant', content: [image] }], reference: 'red' },
];

describe('text-only model rewards and images', () => {
  it('lets endogenous read logits the trainer computed from the whole multimodal input (metadata)', async () => {
    const root = compileNode({ kind: 'endogenous' }, registry, { file: 'test' });
    const metadata = { token_logits: [1, 2], logsumexp: [2, 3] };
    const [r] = await new Runner().score(root, [{ ...(withImage[0] as Sample), metadata }]);
    expect(r?.status).toBe('scored');
  });

  it.each(NODES.map((n) => [JSON.stringify(n), n] as const))(
    '%s refuses a sample with images, calling no model',
    async (_, node) => {
      const names = ['rm', 'judge', 'policy', 'default', 'oni', 'lm'];
      const backends = new Backends({
        configs: Object.fromEntries(
          names.map((name) => [
            name,
            backendConfigSchema.parse({ baseUrl: `${planned.server.url}/v1`, model: 'm', retries: 0 }),
          ]),
        ),
        fetch: planned.guard(),
      });
      const root = compileNode(node, registry, { file: 'test' });
      const results = await new Runner({ services: { backends } }).score(root, withImage);
      for (const r of results) {
        expect(r).toMatchObject({ status: 'unscorable', code: 'image-unsupported' });
        expect(r.message).toMatch(/image\(s\), the first at (prompt|response)\[0\]\.content\[\d\]/);
      }
      backends.close();
    },
  );
});
