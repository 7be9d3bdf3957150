// The OpenRLHF route as OpenRLHF reads it: float literals, a chosen `scores` component, left-truncated prompts,
// empty labels, and a bounded wait instead of a 429 (OpenRLHF ignores Retry-After).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { compileSpec } from '../../src/core/spec.js';
import { Admission } from '../../src/server/http/admission.js';
import { floatLiteral, splitQuery } from '../../src/server/http/openrlhf-wire.js';
import type { RewardServer } from '../../src/server/server.js';
import { testServer } from './helpers.js';

let server: RewardServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.close());

const post = (url: string, payload: unknown) => server.app.inject({ method: 'POST', url, payload: payload as object });

describe('OpenRLHF answers', () => {
  it('writes every number as a float literal, so Python builds float tensors', async () => {
    const res = await post('/openrlhf/em-sum', { query: ['Q: A: Paris'], prompts: ['Q: A:'], labels: ['Paris'] });
    expect(res.statusCode).toBe(200);
    // Python's json reads `1` as int and `1.0` as float; torch.tensor([[1]]) is int64 and its std() raises.
    expect(res.body).toContain('"rewards":[1.0]');
    expect(res.body).toContain('"scored":[1.0]');
    expect(res.body).not.toMatch(/[[,:]-?\d+[,\]}]/);
    expect(floatLiteral(2)).toBe('2.0');
    expect(floatLiteral(0.25)).toBe('0.25');
    expect(floatLiteral(1e-7)).toBe('1e-7');
    expect(floatLiteral(-3)).toBe('-3.0');
  });

  it('sends the named component as scores (query parameter, else the spec), and refuses an unknown one', async () => {
    const body = { query: ['Q: A: paris'], prompts: ['Q: A:'], labels: ['Paris'] };
    const res = await post('/openrlhf/em-sum?scores=strict', body);
    expect(res.json()).toMatchObject({ rewards: [0.25], scores: [0] });
    const bad = await post('/openrlhf/em-sum?scores=strickt', body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'scores' });
    expect(bad.json().error.message).toMatch(/did you mean "strict"/);
    const misnamed = await post('/openrlhf/em-sum?score=strict', body);
    expect(misnamed.json().error).toMatchObject({
      field: 'score',
      message: 'score is not a field of the query string; did you mean "scores"? (it takes scores)',
    });
    const spec = { scores: 'loose', reward: { kind: 'weighted-sum', terms: [{ name: 'loose', kind: 'exact-match' }] } };
    expect(compileSpec(spec, createRegistry(), { file: 's.yaml' }).spec.scores).toBe('loose');
    expect(() => compileSpec({ ...spec, scores: 'lose' }, createRegistry(), { file: 's.yaml' })).toThrow(
      /no component "lose".*did you mean "loose"/,
    );
  });

  it('finds a left-truncated prompt, so the prompt tail is not scored as the response', async () => {
    const prompt = `<|im_start|>user\n${'long context '.repeat(60)}What is 2+2?<|im_end|>\n<|im_start|>assistant\n`;
    const kept = prompt.slice(200); // OpenRLHF kept the last tokens of the prompt
    const split = splitQuery(`${kept}4<|im_end|>`, prompt, ['<|im_end|>']);
    expect(split).toEqual({ response: '4', prompt: 'truncated' });
    // The first kept token may decode to a replacement character at the cut.
    expect(splitQuery(`\uFFFD${kept.slice(1)}4`, prompt, []).response).toBe('4');
    // A short kept tail (fewer characters than the search window).
    expect(splitQuery(`${prompt.slice(-40)}4`, prompt, []).response).toBe('4');
    expect(splitQuery('unrelated text', prompt, []).prompt).toBe('missing');
    const res = await post('/openrlhf/exact-match', { query: [`${kept}4</s>`], prompts: [prompt], labels: ['4'] });
    expect(res.json()).toMatchObject({ rewards: [1], extra_logs: { prompt_truncated: [1] } });
  });

  it('does not score a query whose prompt is not in it (a prompt with a worked answer would pay)', async () => {
    const prompt = 'Example: 1+1 = \\boxed{2}. Now: 2+2?';
    const res = await post('/openrlhf/exact-match', {
      query: ['Example: 2+2 = \\boxed{4}. sure'],
      prompts: [prompt],
      labels: ['4'],
    });
    expect(res.json()).toMatchObject({ rewards: [0], extra_logs: { scored: [0] } });
    const mixed = await post('/openrlhf/exact-match', {
      query: ['zzz \\boxed{4}', `${prompt}\\boxed{4}`],
      prompts: [prompt, prompt],
      labels: ['4', '4'],
    });
    expect(mixed.json()).toMatchObject({ rewards: [0, 1], extra_logs: { scored: [0, 1] } });
  });

  it('treats empty labels as missing references, says how to fix it, and reports them unscored', async () => {
    const res = await post('/openrlhf/exact-match', { query: ['Q A'], prompts: ['Q'], labels: [''] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-rewardkit-warning']).toMatch(/--data\.label_key/);
    expect(res.json()).toMatchObject({ rewards: [0], extra_logs: { scored: [0] } });
  });

  it('answers an empty shard with empty lists (OpenRLHF posts one to each extra --reward.remote_url server)', async () => {
    const res = await post('/openrlhf/em-sum', { query: [], prompts: [], labels: [] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-rewardkit-warning']).toBeUndefined();
    expect(res.json()).toMatchObject({ rewards: [], scores: [], extra_logs: { scored: [] } });
  });

  it('answers every component key even for an unscored sample', async () => {
    const res = await post('/openrlhf/em-sum', { query: ['x', 'Q A'], prompts: ['q', 'Q'], labels: [null, 'A'] });
    expect(Object.keys(res.json().extra_logs).sort()).toEqual(
      ['loose', 'prompt_truncated', 'scored', 'strict', 'weighted-sum'].sort(),
    );
  });
});

describe('queued admission', () => {
  it('lets a request past the queue bound wait for a slot, and refuses it only after the wait', async () => {
    const admission = new Admission(1, 0);
    const first = await admission.enter();
    expect(admission.enter()).toBeNull(); // plain callers: refused at once
    const waiting = admission.enter({ ms: 5_000, maxWaiting: 10 });
    expect(admission.waiting).toBe(1);
    first?.();
    const admitted = await waiting;
    expect(admitted).toBeTypeOf('function');
    const timedOut = await admission.enter({ ms: 20, maxWaiting: 10 });
    expect(timedOut).toBeNull();
    expect(admission.waiting).toBe(0);
    admitted?.();
    expect(admission.active).toBe(0);
  });

  it('serves a burst far past limits.queue on the OpenRLHF route without a 429', async () => {
    const small = await testServer({ limits: { concurrency: 1, queue: 1 } });
    try {
      const payload = { query: ['Q A'], prompts: ['Q'], labels: ['A'] };
      const send = () => small.app.inject({ method: 'POST', url: '/openrlhf/exact-match', payload });
      const codes = (await Promise.all(Array.from({ length: 50 }, send))).map((r) => r.statusCode);
      expect(codes.filter((c) => c !== 200)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
