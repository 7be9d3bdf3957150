// Route tests, scoring on the main thread. The scoring route's run both through fastify inject and over real HTTP,
// where well-formed requests take the node:http fast path (http/fast-score.ts) and the rest are replayed to fastify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { parseSpec } from '../../src/core/spec.js';
import type { RewardServer } from '../../src/server/server.js';
import { type Answer, emSample, overHttp, type Sent, specText, testServer, viaInject } from './helpers.js';

let server: RewardServer;
let http: (sent: Sent) => Promise<Answer>;
beforeAll(async () => {
  server = await testServer({ limits: { samplesPerRequest: 100, bodyBytes: 64 * 1024 } });
  http = overHttp(await server.listen());
});
afterAll(() => server.close());

const transports = {
  inject: (sent: Sent): Promise<Answer> => viaInject(server)(sent),
  http: (sent: Sent): Promise<Answer> => http(sent),
};
const post = (url: string, payload: unknown) => server.app.inject({ method: 'POST', url, payload: payload as object });

describe.each(['inject', 'http'] as const)('POST /v1/score (%s)', (via) => {
  const send = transports[via];
  const post = (url: string, payload: unknown) => send({ method: 'POST', url, payload });
  it('answers one result per sample, in input order, equal to direct scoring', async () => {
    const samples = Array.from({ length: 40 }, (_, i) => emSample(i));
    const res = await post('/v1/score', { spec: 'em-sum', samples });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.spec).toBe('em-sum');
    expect(body.request_id).toBe(res.headers['x-request-id']);
    const { root } = parseSpec(specText('em-sum'), 'em-sum', createRegistry());
    const direct = await new Runner().score(root, samples);
    expect(body.results).toEqual(direct.map((r, i) => ({ id: `s${i}`, ...r })));
    expect(body.results[1].components).toEqual({ 'weighted-sum': 1, loose: 1, strict: 1 });
  });

  it('gives a bad sample its own error naming the field; the rest are scored', async () => {
    const samples = [emSample(1), { prompt: 'q', response: 7, id: 'bad' }, 'not an object', emSample(2)];
    const res = await post('/v1/score', { spec: 'exact-match', samples });
    expect(res.statusCode).toBe(200);
    const [a, b, c, d] = res.json().results;
    expect(a.status).toBe('scored');
    expect(b).toMatchObject({ id: 'bad', status: 'error', code: 'invalid-sample' });
    expect(b.message).toContain('samples[1].response');
    expect(c).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(c.message).toContain('samples[2]');
    expect(d.status).toBe('scored');
  });

  it('keeps unscorable apart from zero', async () => {
    const res = await post('/v1/score', { spec: 'exact-match', samples: [{ prompt: 'q', response: 'x' }] });
    expect(res.json().results[0]).toMatchObject({ status: 'unscorable', code: 'no-reference' });
    expect(res.json().results[0].score).toBeUndefined();
  });

  it.each([
    [{ samples: [] }, 400, 'spec'],
    [{ spec: 'exact-match' }, 400, 'samples'],
    [{ spec: 'exact-match', samples: 'x' }, 400, 'samples'],
    [{ spec: 5, samples: [] }, 400, 'spec'],
    [{ spec: 'exact-match', samples: [], extra: 1 }, 400, 'extra'],
    [{ spec: 'nope', samples: [] }, 404, 'spec'],
    [{ spec: 'exact-match', samples: Array.from({ length: 101 }, () => ({})) }, 413, 'samples'],
  ])('rejects a malformed request %j with a JSON error naming the field', async (payload, status, field) => {
    const res = await post('/v1/score', payload);
    expect(res.statusCode).toBe(status);
    const { error, request_id } = res.json();
    expect(error.field).toBe(field);
    expect(typeof error.message).toBe('string');
    expect(request_id).toBe(res.headers['x-request-id']);
  });

  it('names a misspelt body field and the field it most likely meant', async () => {
    const res = await post('/v1/score', { spec: 'exact-match', samples: [], detials: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'bad-request',
      field: 'detials',
      message: 'detials is not a field of the body; did you mean "details"? (it takes spec, samples, details)',
    });
  });

  it('rejects bad JSON, a wrong content type and an oversized body', async () => {
    const bad = await send({
      method: 'POST',
      url: '/v1/score',
      headers: { 'content-type': 'application/json' },
      payload: '{"spec": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad-request');
    const text = await send({
      method: 'POST',
      url: '/v1/score',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported-media-type');
    const poisoned = await send({
      method: 'POST',
      url: '/v1/score',
      headers: { 'content-type': 'application/json' },
      payload: '{"spec": "exact-match", "samples": [{"__proto__": {"x": 1}, "prompt": "q", "response": "r"}]}',
    });
    expect(poisoned.statusCode).toBe(400);
    const big = await post('/v1/score', {
      spec: 'exact-match',
      samples: [{ prompt: 'q', response: 'x'.repeat(70_000) }],
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload-too-large');
  });

  it('uses a client request id when it is well-formed, else makes one', async () => {
    const given = await send({
      method: 'POST',
      url: '/v1/score',
      headers: { 'x-request-id': 'trainer-step-7' },
      payload: { spec: 'exact-match', samples: [] },
    });
    expect(given.json().request_id).toBe('trainer-step-7');
    const odd = await send({
      method: 'POST',
      url: '/v1/score',
      headers: { 'x-request-id': 'has spaces and ; semicolons' },
      payload: { spec: 'exact-match', samples: [] },
    });
    expect(odd.json().request_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /openrlhf/:spec', () => {
  it('strips the prompt prefix and trailing special tokens, answers rewards/scores/extra_logs', async () => {
    const res = await post('/openrlhf/em-sum', {
      query: ['<s>Q: capital? A: Paris<|im_end|>', 'Q: 2+2? A: five</s>', 'Paris'],
      prompts: ['Q: capital? A:', 'Q: 2+2? A:', 'Q: missing'],
      labels: ['Paris', '4', 'paris'],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The third query does not hold its prompt: not scored (the prompt could be scored as the response).
    expect(body.rewards).toEqual([1, 0, 0]);
    expect(body.scores).toEqual(body.rewards);
    expect(body.extra_logs).toEqual({
      scored: [1, 1, 0],
      prompt_truncated: [0, 0, 0],
      'weighted-sum': [1, 0, 0],
      loose: [1, 0, 0],
      strict: [1, 0, 0],
    });
  });

  it('accepts single strings and sends the configured reward for unscorable samples', async () => {
    const res = await post('/openrlhf/exact-match', { query: 'Q A' });
    expect(res.json()).toEqual({ rewards: [0], scores: [0], extra_logs: { scored: [0], 'exact-match': [0] } });
  });

  it('rejects lists of different lengths, naming the field', async () => {
    const res = await post('/openrlhf/exact-match', { query: ['a', 'b'], labels: ['x'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('labels');
    const res2 = await post('/openrlhf/exact-match', { query: ['a'], prompts: [] });
    expect(res2.json().error.field).toBe('prompts');
    const res3 = await post('/openrlhf/exact-match', { prompts: ['a'] });
    expect(res3.json().error.field).toBe('query');
  });
});

describe('GET endpoints', () => {
  it('reports health, the specs and their components', async () => {
    const health = await server.app.inject('/health');
    expect(health.json()).toMatchObject({ status: 'ok', specs: 6, workers: 0 });
    const specs = (await server.app.inject('/v1/specs')).json().specs;
    expect(specs.map((s: { name: string }) => s.name).sort()).toEqual([
      'em-sum',
      'exact-match',
      'late-spin',
      'sleep',
      'sleep-long',
      'spin',
    ]);
    expect(specs.find((s: { name: string }) => s.name === 'em-sum').components).toEqual([
      'weighted-sum',
      'loose',
      'strict',
    ]);
  });

  it('exposes Prometheus metrics: requests, samples, component latency, errors by code', async () => {
    await post('/v1/score', { spec: 'em-sum', samples: [emSample(1), { prompt: 'q', response: 'x' }] });
    await post('/v1/score', { spec: 'nope', samples: [] });
    const res = await server.app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/rewardkit_requests_total\{route="\/v1\/score",status="200"\} \d+/);
    expect(text).toMatch(/rewardkit_samples_total\{spec="em-sum",status="scored"\} \d+/);
    expect(text).toMatch(/rewardkit_component_duration_seconds_count\{spec="em-sum",component="strict"\} \d+/);
    expect(text).toMatch(/rewardkit_request_duration_seconds_count\{route="\/v1\/score",spec="em-sum"\} \d+/);
    expect(text).toMatch(/rewardkit_errors_total\{code="no-reference"\} \d+/);
    expect(text).toMatch(/rewardkit_errors_total\{code="not-found"\} \d+/);
    expect(text).toContain('rewardkit_queue_depth');
    expect(text).toContain('rewardkit_worker_restarts_total');
  });

  it('answers unknown routes with a coded 404', async () => {
    const res = await server.app.inject('/v2/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not-found');
  });
});

describe.each(['inject', 'http'] as const)('bodies the parser refuses (%s)', (via) => {
  const raw = (payload: string, headers: Record<string, string>) =>
    transports[via]({ method: 'POST', url: '/v1/score', payload, headers });

  it('answers 415 naming the content type when it is missing or not JSON', async () => {
    const body = JSON.stringify({ spec: 'exact-match', samples: [] });
    for (const headers of [{}, { 'content-type': 'text/plain' }]) {
      const res = await raw(body, headers);
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'unsupported-media-type', field: 'content-type' });
      expect(res.json().error.message).toMatch(/Content-Type: application\/json/);
    }
  });

  it('says where a __proto__ / constructor.prototype key is instead of "not valid JSON"', async () => {
    const json = { 'content-type': 'application/json' };
    const res = await raw('{"spec":"exact-match","samples":[{"prompt":"q","response":"r","__proto__":{"x":1}}]}', json);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'bad-request', field: 'samples[0].__proto__' });
    expect(res.json().error.message).toMatch(/^samples\[0\]\.__proto__: the key "__proto__" is refused/);
    const ctor = await raw('{"spec":"x","samples":[],"constructor":{"prototype":{}}}', json);
    expect(ctor.json().error.field).toBe('constructor');
    const bad = await raw('{"spec": ', json);
    expect(bad.json().error.message).toMatch(/not valid JSON/);
  });
});
