// Embedding rewards. VLM-RM is pinned to AlignmentResearch/vlmrm (reward_model.py; paper-methods §10, FULL).
// StateFactory's cosine/progress, R³'s regularisers and RM-NLHF's combination are NOT FOUND in their papers:
// our closest readings (paper-methods §20), every constant a param; the tests say which.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { embedBackends, embeddingsReply } from '../../../test/helpers/scripted-embeddings.js';
import { createRegistry } from '../../catalog.js';
import type { Services } from '../../core/define.js';
import { mulberry32 } from '../../core/prng.js';
import { Runner } from '../../core/runner.js';
import { compileNode, type NodeSpec } from '../../core/spec.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { critiqueReward, critiqueSimilarity } from './critique-similarity.js';
import { echoShare, relevanceR3 } from './relevance.js';
import { stateGoalSimilarity } from './state-goal.js';
import { unit } from './vectors.js';
import { promptMean, vlmRm, vlmRmReward } from './vlm-rm.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
beforeAll(async () => {
  await server.start();
  server.script(embeddingsReply);
  services.backends = embedBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const registry = createRegistry();
const run = async (node: NodeSpec, samples: Sample[]) =>
  new Runner({ services }).score(compileNode(node, registry, { file: 'test' }), samples);
const value = (r: RewardResult) => (r.status === 'scored' ? r.score : r.code);

const VLM: NodeSpec = {
  kind: 'vlm-rm',
  params: { goalEmbeddings: [[1, 0]], baselineEmbeddings: [[0, 1]], alpha: 0.5 },
};
contractSuite(vlmRm, { node: VLM, samples: [{ prompt: 'frame', response: '', metadata: { embedding: [0.6, 0.8] } }] });
contractSuite(stateGoalSimilarity, {
  samples: [
    { prompt: 'p', response: 'open the door', reference: 'the door is open', metadata: { state: 'the door is open' } },
  ],
  runnerOptions: { services },
});
contractSuite(relevanceR3, {
  samples: [{ prompt: 'why is the sky blue', response: 'Rayleigh scattering of sunlight.' }],
  runnerOptions: { services },
});
contractSuite(critiqueSimilarity, {
  samples: [
    {
      prompt: 'p',
      response: 'A is correct and cites the law. [[A]]',
      reference: { verdict: 'A', critique: 'A cites the law correctly' },
    },
  ],
  runnerOptions: { services },
});

describe('vlm-rm', () => {
  it('matches the vlmrm formula (hand-checked: α = 0, 0.5, 1 give 0.6, 0.63, 0.64)', () => {
    const s = [0.6, 0.8];
    expect(vlmRmReward(s, [1, 0], [0, 1], 0)).toBeCloseTo(0.6, 12); // α = 0 is cos(s, g) for a unit goal
    expect(vlmRmReward(s, [1, 0], [0, 1], 0.5)).toBeCloseTo(0.63, 12);
    expect(vlmRmReward(s, [1, 0], [0, 1], 1)).toBeCloseTo(0.64, 12);
    expect(
      promptMean([
        [2, 0],
        [0, 3],
      ]),
    ).toEqual([0.5, 0.5]); // unit rows, mean not re-normalised
  });

  it('agrees with the explicit projection matrix P = α·ddᵀ/‖d‖² + (1−α)I on random vectors', () => {
    const rand = mulberry32(17);
    for (let t = 0; t < 200; t++) {
      const dim = 2 + Math.floor(rand() * 6);
      const v = () => Array.from({ length: dim }, () => rand() * 2 - 1);
      const [s, g, b] = [unit(v()), unit(v()), unit(v())];
      const alpha = rand();
      const d = g.map((x, i) => x - (b[i] as number));
      const dd = d.reduce((a, x) => a + x * x, 0);
      const x = s.map((y, i) => y - (g[i] as number));
      const xp = d.map((_, j) =>
        x.reduce(
          (a, xi, i) => a + xi * ((alpha * (d[i] as number) * (d[j] as number)) / dd + (i === j ? 1 - alpha : 0)),
          0,
        ),
      );
      const explicit = 1 - 0.5 * xp.reduce((a, y) => a + y * y, 0);
      expect(vlmRmReward(s, g, b, alpha)).toBeCloseTo(explicit, 10);
    }
  });

  it('normalises the state, so scaling a frame embedding up gains nothing', async () => {
    const rs = await run(VLM, [
      { prompt: 'f', response: '', metadata: { embedding: [0.6, 0.8] } },
      { prompt: 'f', response: '', metadata: { embedding: [600, 800] } },
    ]);
    expect(rs.map(value)).toEqual([expect.closeTo(0.63, 12), expect.closeTo(0.63, 12)]);
  });

  it('embeds goal, baseline and (without a frame embedding) the response through the backend', async () => {
    const node = { kind: 'vlm-rm', params: { goal: ['a robot kneeling'], baseline: ['a robot'], alpha: 1 } };
    const [kneel, stand] = await run(node, [
      { prompt: 'f', response: 'a robot kneeling' },
      { prompt: 'f', response: 'a robot standing' },
    ]);
    expect(value(kneel as RewardResult)).toBeCloseTo(1, 12);
    expect(value(stand as RewardResult)).toBeLessThan(1);
  });

  it('refuses mismatched prompt lists and wrong-sized frames', async () => {
    expect(() =>
      compileNode({ kind: 'vlm-rm', params: { goal: ['a', 'b'], baseline: ['c'] } }, registry, { file: 't' }),
    ).toThrow(/len\(T\) == len\(B\)/);
    const [r] = await run(VLM, [{ prompt: 'f', response: '', metadata: { embedding: [1, 0, 0] } }]);
    expect(r?.code).toBe('invalid-sample');
  });
});

describe('state-goal-similarity (StateFactory, reconstruction)', () => {
  it('is cos(E(state), E(goal)) and its progress since the previous state', async () => {
    const goal = 'the door is open';
    const [done, far] = await run({ kind: 'state-goal-similarity' }, [
      { prompt: 'p', response: 'x', reference: goal, metadata: { state: 'the door is open' } },
      { prompt: 'p', response: 'x', reference: goal, metadata: { state: 'a cat sleeps' } },
    ]);
    expect(value(done as RewardResult)).toBeCloseTo(1, 12);
    const [progress] = await run({ kind: 'state-goal-similarity', params: { mode: 'progress' } }, [
      {
        prompt: 'p',
        response: 'x',
        reference: goal,
        metadata: { state: 'the door is open', previousState: 'a cat sleeps' },
      },
    ]);
    expect(value(progress as RewardResult)).toBeCloseTo(1 - (value(far as RewardResult) as number), 12);
  });

  it('cannot be gamed by writing the goal into the response: the state comes from the environment', async () => {
    const [r] = await run({ kind: 'state-goal-similarity' }, [
      { prompt: 'p', response: 'the door is open', reference: 'the door is open', metadata: { state: 'a cat sleeps' } },
    ]);
    expect(value(r as RewardResult)).toBeLessThan(0.9);
    const [missing] = await run({ kind: 'state-goal-similarity' }, [
      { prompt: 'p', response: 'the door is open', reference: 'the door is open' },
    ]);
    expect(missing?.code).toBe('missing-input');
  });
});

describe('relevance-r3 (R³, regularisers are reconstructions)', () => {
  it('echoing the question is penalised below a real answer', async () => {
    const prompt = 'why is the sky blue during the day';
    const [echo, answer] = await run({ kind: 'relevance-r3', params: { referenceWeight: 0 } }, [
      { prompt, response: 'why is the sky blue during the day' },
      { prompt, response: 'Sunlight scatters off air molecules, and blue light scatters most, so the sky is blue.' },
    ]);
    expect(echoShare(prompt, prompt)).toBe(1);
    expect(echo?.details?.relevance).toBeCloseTo(1, 12); // relevance alone would be maxed by the echo
    expect(value(echo as RewardResult)).toBeLessThan(value(answer as RewardResult) as number);
  });

  it('adds λ_ref·cos(response, reference) and subtracts the over-length share', async () => {
    const s = { prompt: 'name a colour', response: 'blue blue blue blue', reference: 'blue' };
    const [r] = await run({ kind: 'relevance-r3', params: { lengthWeight: 1, targetWords: 2, echoWeight: 0 } }, [s]);
    const d = r?.details as { relevance: number; referenceSimilarity: number; overLength: number };
    expect(d.overLength).toBe(1);
    expect(value(r as RewardResult)).toBeCloseTo(d.relevance + d.referenceSimilarity - 1, 12);
    expect(d.referenceSimilarity).toBeCloseTo(1, 12);
  });
});

describe('critique-similarity (RM-NLHF, combination is a reconstruction)', () => {
  const reference = { verdict: 'A', critique: 'A cites the law correctly' };
  it('is (1[correct] + λ·sim) / (1 + λ)', async () => {
    const [same, wrong, none] = await run({ kind: 'critique-similarity', params: { lambda: 0.5 } }, [
      { prompt: 'p', response: 'A cites the law correctly [[A]]', reference },
      { prompt: 'p', response: 'A cites the law correctly [[B]]', reference },
      { prompt: 'p', response: 'A cites the law correctly', reference },
    ]);
    expect(value(same as RewardResult)).toBeCloseTo(1, 12);
    expect(critiqueReward(true, 0.2, 0.5)).toBeCloseTo(1.1 / 1.5, 12);
    expect([value(wrong as RewardResult), value(none as RewardResult)]).toEqual([0, 0]);
  });
  it('cannot be gamed by giving both verdicts, or by a critique-only reply when similarity counts when wrong', async () => {
    const [both] = await run({ kind: 'critique-similarity' }, [
      { prompt: 'p', response: 'Either. [[A]] [[B]]', reference },
    ]);
    expect(value(both as RewardResult)).toBe(0);
    const [wrong] = await run({ kind: 'critique-similarity', params: { similarityWhenWrong: true, lambda: 1 } }, [
      { prompt: 'p', response: 'A cites the law correctly [[B]]', reference },
    ]);
    expect(value(wrong as RewardResult)).toBeCloseTo(0.5, 12); // similarity credit only, never a correct-verdict 1
  });
});
