import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Backends } from '../../backends/index.js';
import type { Services } from '../../core/define.js';
import { drmDimensions, readDimensions } from './drm.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
const reply = (body: string) => server.script(() => ({ body: chat(body) }));
beforeAll(async () => {
  await server.start();
  reply('{"reasoning": "r", "confidence": 10, "relevance": 4, "coherence": 7}');
  services.backends = judgeBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const sample = { prompt: 'What is 6*7?', response: '<think>6*7 = 42</think> 42' };
const run = (params = {}) => score({ kind: 'drm-dimensions', params }, [sample], services.backends as Backends);

contractSuite(drmDimensions, { samples: [sample], runnerOptions: { services } });

describe('drm-dimensions (weighting: reconstruction)', () => {
  it('weighted mean of (r − 1)/9 over confidence, relevance, coherence; the reasoning reaches the judge', async () => {
    reply('{"reasoning": "r", "confidence": 10, "relevance": 4, "coherence": 7}');
    const [r] = await run();
    expect(r?.score).toBeCloseTo((1 + 3 / 9 + 6 / 9) / 3, 12);
    expect(String(server.seen[0]?.body.messages?.[1]?.content)).toContain('6*7 = 42');
    const [w] = await run({ weights: { confidence: 0, relevance: 0, coherence: 1 } });
    expect(w?.score).toBeCloseTo(6 / 9, 12);
  });

  it('a missing or out-of-range dimension is a failed call, not a score', async () => {
    expect(readDimensions('{"confidence": 11, "relevance": 4, "coherence": 7}').ok).toBe(false);
    reply('{"confidence": 9, "relevance": 4}');
    const [r] = await run();
    expect(r?.status).toBe('error');
  });
});
