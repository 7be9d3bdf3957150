// ONI's classification variant: a classifier trained online on the judge's labels serves unlabelled observations.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Services } from '../../core/define.js';
import type { Sample } from '../../core/types.js';
import { promptOf } from '../../judges/engine/call.js';
import { oniClassifier, oniIntrinsic, oniQueue } from './oni.js';
import { OnlineClassifier } from './online-classifier.js';

const server = new ScriptedServer();
const refused: string[] = [];
// The judge: progress only when the agent actually picks up or finds the key (not when it merely says "key").
const judge = () =>
  server.script((req) => {
    const user = String(req.body.messages?.[1]?.content ?? '');
    const obs = /<response>\n([\s\S]*?)\n<\/response>/.exec(user)?.[1] ?? '';
    return { body: chat(JSON.stringify({ reasoning: 'r', met: /^you (pick up|find) the \w+ key/.test(obs) })) };
  });
beforeAll(async () => {
  await server.start();
  judge();
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

// The task as the kind keys it (the prompt, fenced as the judge sees it).
const TASK = promptOf({ prompt: 'open the door', response: '' });
const obs = (observation: string): Sample => ({ prompt: 'open the door', response: 'go', metadata: { observation } });
const COLOURS = ['red', 'blue', 'green', 'gold', 'iron', 'brass', 'small', 'old'];
const PLACES = ['a wall', 'a dark corridor', 'an empty room', 'a closed chest', 'a fountain', 'a staircase', 'a pit'];
const training = [
  ...COLOURS.map((c) => `you pick up the ${c} key`),
  ...COLOURS.map((c) => `you find the ${c} key`),
  ...PLACES.map((p) => `you see ${p}`),
  ...PLACES.map((p) => `you walk past ${p}`),
];
const node = (params: Record<string, unknown> = {}) => ({
  kind: 'oni-intrinsic',
  params: { variant: 'classifier', minLabels: 20, replay: 8, ...params },
});
const defaults = oniIntrinsic.params.parse({ variant: 'classifier', minLabels: 20, replay: 8 });

/** Labels every training observation through the judge (one scoring pass, then the queue drains). */
async function trained(backends: ReturnType<typeof judgeBackends>) {
  await score(node(), training.map(obs), backends);
  await oniQueue({ services: { backends } }, defaults).idle();
}

// The contract suite's backends, with the classifier already trained (before any label it is unscorable).
const services: Services = {};
beforeAll(async () => {
  const backends = judgeBackends(server, refused);
  services.backends = backends;
  await score(
    { kind: 'oni-intrinsic', params: { variant: 'classifier', minLabels: 1 } },
    [obs('you see a door')],
    backends,
  );
  await oniQueue({ services }, oniIntrinsic.params.parse({ variant: 'classifier', minLabels: 1 })).idle();
});

describe('oni-intrinsic, classifier variant', () => {
  contractSuite(oniIntrinsic, {
    node: { kind: 'oni-intrinsic', params: { variant: 'classifier', minLabels: 1 } },
    samples: [obs('you find the red key'), obs('you see a wall')],
    runnerOptions: { services },
  });

  it('below minLabels an unlabelled observation is unscorable (not 0); the message says how many labels it has', async () => {
    const backends = judgeBackends(server, refused);
    judge();
    const [r] = await score(node(), [obs('you pick up the red key')], backends);
    expect(r).toMatchObject({ status: 'unscorable', code: 'missing-input', details: { state: 'queued', labels: 0 } });
    expect(r?.message).toContain('learned 0 of the 20 labels');
    await oniQueue({ services: { backends } }, defaults).idle();
  });

  it('after the judge labels enough observations, unseen ones are predicted; seen ones keep their label', async () => {
    const backends = judgeBackends(server, refused);
    judge();
    await trained(backends);
    const model = oniClassifier({ services: { backends } }, defaults);
    expect(model.counts).toEqual({ positive: 16, negative: 14 });
    const [seen, key, wall] = await score(
      node(),
      [obs('you pick up the red key'), obs('you pick up the silver key'), obs('you see a locked gate')],
      backends,
    );
    expect(seen).toMatchObject({ score: 1, details: { source: 'label', label: 1 } });
    expect(key).toMatchObject({ score: 1, details: { source: 'predicted', state: 'queued', labels: 30 } });
    expect(wall).toMatchObject({ score: 0, details: { source: 'predicted', state: 'queued' } });
    // ONI's classification reward: 1[P(positive) > threshold].
    const pKey = key?.details?.p as number;
    const pWall = wall?.details?.p as number;
    expect(pKey).toBeGreaterThan(0.5);
    expect(pWall).toBeLessThan(0.5);
    await oniQueue({ services: { backends } }, defaults).idle();
  });

  it('threshold and output follow the definition r = 1[P > threshold] (or P itself), times scale', async () => {
    const backends = judgeBackends(server, refused);
    judge();
    await trained(backends);
    const model = oniClassifier({ services: { backends } }, defaults);
    const queue = oniQueue({ services: { backends } }, defaults);
    // With the queue idle, the model only changes when a fresh observation's own label arrives (after its score).
    const at = async (observation: string, params: Record<string, unknown>) => {
      const p = model.probability(TASK, observation);
      const [r] = await score(node(params), [obs(observation)], backends);
      await queue.idle();
      return { p, r };
    };
    const a = await at('you pick up the copper key', { threshold: 0 });
    expect(a.r).toMatchObject({ score: 1, details: { source: 'predicted', p: a.p } });
    const b = await at('you pick up the bronze key', {});
    expect(b.r?.details?.p).toBe(b.p);
    const above = await at('you find the jade key', { threshold: 0 });
    expect(above.r?.score).toBe(1);
    const strict = await at('you find the onyx key', {});
    const tie = await at('you find the opal key', { threshold: model.probability(TASK, 'you find the opal key') });
    expect(strict.r?.score).toBe(strict.p > 0.5 ? 1 : 0);
    expect(tie.r?.score).toBe(0); // P > threshold is strict
    const prob = await at('you walk past a ruined tower', { output: 'probability', scale: 0.1 });
    expect(prob.r?.score).toBeCloseTo(0.1 * prob.p, 12);
    expect(prob.p).toBeLessThan(0.5);
  });

  it('keyword stuffing fools the prediction only until the judge labels it; then 0 is served and the model learns', async () => {
    const backends = judgeBackends(server, refused);
    judge();
    await trained(backends);
    const text = 'key key key pick up the key find the key';
    const model = oniClassifier({ services: { backends } }, defaults);
    const before = model.probability(TASK, text);
    const [first] = await score(node(), [obs(text)], backends);
    expect(first?.details?.source).toBe('predicted');
    await oniQueue({ services: { backends } }, defaults).idle();
    const [again] = await score(node(), [obs(text)], backends);
    expect(again).toMatchObject({ score: 0, details: { source: 'label', label: 0 } });
    expect(model.probability(TASK, text)).toBeLessThan(before);
  });
});

describe('OnlineClassifier', () => {
  const opts = { dim: 256, maxN: 2, lr: 0.5, l2: 0, replay: 0, bufferSize: 4, seed: 0 };

  it('one SGD step of the log loss: from w = 0, b = 0 a positive moves the logit to lr·½·(1 + ‖x‖²)', () => {
    const m = new OnlineClassifier(opts);
    expect(m.probability('t', 'a key')).toBe(0.5);
    m.learn('t', 'a key', 1);
    const x = m.features('t', 'a key');
    const sq = x.reduce((s, v) => s + v * v, 0);
    const logit = 0.5 * 0.5 * (1 + sq);
    expect(m.probability('t', 'a key')).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
    expect(m.counts).toEqual({ positive: 1, negative: 0 });
  });

  it('features of one observation differ by task (task-specific buckets), and are deterministic', () => {
    const m = new OnlineClassifier(opts);
    const a = m.features('task one', 'a key');
    const b = m.features('task two', 'a key');
    expect(Array.from(a)).toEqual(Array.from(m.features('task one', 'a key')));
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // L2 norm ≤ 1 (two unit vectors summed, scaled by 1/√2).
    expect(Math.sqrt(a.reduce((s, v) => s + v * v, 0))).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('replay is seeded: two models fed the same labels agree exactly', () => {
    const run = () => {
      const m = new OnlineClassifier({ ...opts, replay: 3 });
      for (const [o, y] of [
        ['a key', 1],
        ['a wall', 0],
        ['the key', 1],
        ['the wall', 0],
        ['a gold key', 1],
        ['a stone wall', 0],
      ] as const)
        m.learn('t', o, y);
      return m.probability('t', 'a silver key');
    };
    expect(run()).toBe(run());
  });
});
