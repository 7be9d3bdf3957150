// The node:http fast path of POST /v1/score (src/server/http/fast-score.ts): well-formed requests skip fastify,
// everything else is replayed through it, and either way a client gets what the fastify route answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewardServer } from '../../src/server/server.js';
import { type Answer, emSample, overHttp, type Sent, testServer, viaInject } from './helpers.js';

const TOKEN = 'fast-path-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

let server: RewardServer;
let http: (sent: Sent) => Promise<Answer>;
/** Requests the fastify route handled (it labels each request with its spec; the fast path does not). */
let routed = 0;
beforeAll(async () => {
  server = await testServer({ auth: { tokens: [TOKEN] }, limits: { samplesPerRequest: 8 } });
  const label = server.ctx.label;
  server.ctx.label = (request, spec) => {
    routed++;
    label(request, spec);
  };
  http = overHttp(await server.listen());
});
afterAll(() => server.close());

const inject = (sent: Sent): Promise<Answer> => viaInject(server)(sent);
const score = (payload: unknown, headers: Record<string, string> = {}): Sent => ({
  method: 'POST',
  url: '/v1/score',
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  headers: { ...json, ...auth, ...headers },
});

/** What a client can see of an answer, with the request id it was given. */
function seen(res: Answer) {
  return {
    status: res.statusCode,
    type: res.headers['content-type'],
    id: res.headers['x-request-id'],
    retryAfter: res.headers['retry-after'],
    authenticate: res.headers['www-authenticate'],
    body: res.json(),
  };
}

const samples = [emSample(1), emSample(3), { ...emSample(4), reference: '' }, { id: 'bad', response: 5 }];
const cases: Array<[string, Sent]> = [
  ['mixed samples', score({ spec: 'em-sum', samples })],
  ['lean', score({ spec: 'exact-match', samples, details: false })],
  ['empty samples', score({ spec: 'exact-match', samples: [] })],
  ['byte order mark', score(`\ufeff${JSON.stringify({ spec: 'exact-match', samples })}`)],
  ['charset', score({ spec: 'exact-match', samples }, { 'content-type': 'application/json; charset=utf-8' })],
  ['unknown spec', score({ spec: 'nope', samples })],
  ['too many samples', score({ spec: 'exact-match', samples: Array.from({ length: 9 }, (_, i) => emSample(i)) })],
  ['extra field', score({ spec: 'exact-match', samples, extra: 1 })],
  ['spec not a string', score({ spec: 5, samples })],
  ['empty spec', score({ spec: '', samples })],
  ['long spec', score({ spec: 'x'.repeat(201), samples })],
  ['samples not a list', score({ spec: 'exact-match', samples: 'x' })],
  ['details not a flag', score({ spec: 'exact-match', samples, details: 'no' })],
  ['body a list', score([1, 2])],
  ['bad JSON', score('{"spec": ')],
  ['__proto__ key', score('{"spec":"exact-match","samples":[{"prompt":"q","response":"r","__proto__":{"x":1}}]}')],
  ['constructor key', score('{"spec":"exact-match","samples":[],"constructor":{"prototype":{}}}')],
  ['deep body', score(`{"spec":"exact-match","samples":[${'['.repeat(200)}${']'.repeat(200)}]}`)],
  ['text/plain', score({ spec: 'exact-match', samples }, { 'content-type': 'text/plain' })],
  ['no token', { ...score({ spec: 'exact-match', samples }), headers: json }],
  ['wrong token', score({ spec: 'exact-match', samples }, { authorization: `Bearer ${TOKEN}x` })],
];

describe('POST /v1/score fast path', () => {
  it.each(cases)('answers %s over HTTP exactly as the fastify route does', async (name, sent) => {
    const id = `case-${name.replace(/\W+/g, '-')}`;
    const withId = { ...sent, headers: { ...sent.headers, 'x-request-id': id } };
    const [viaFastify, viaHttp] = [seen(await inject(withId)), seen(await http(withId))];
    expect(viaHttp).toEqual(viaFastify);
    expect(viaHttp.id).toBe(id);
  });

  it('scores well-formed requests without fastify, and hands it the rest', async () => {
    const before = routed;
    for (const payload of [
      { spec: 'exact-match', samples },
      { spec: 'em-sum', samples, details: true },
    ]) {
      expect((await http(score(payload))).statusCode).toBe(200);
    }
    expect(routed).toBe(before);
    // inject goes to fastify directly, whose route labels what it scores.
    expect((await inject(score({ spec: 'exact-match', samples }))).statusCode).toBe(200);
    expect(routed).toBe(before + 1);
  });

  it('gives each request a fresh id unless the client names it plainly', async () => {
    const a = seen(await http(score({ spec: 'exact-match', samples })));
    const b = seen(await http(score({ spec: 'exact-match', samples }, { 'x-request-id': 'has spaces; and more' })));
    for (const s of [a, b]) {
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.body.request_id).toBe(s.id);
    }
    expect(a.id).not.toBe(b.id);
  });

  it('counts its requests in the same metrics as the fastify route', async () => {
    const metric = async (pattern: RegExp) => {
      const text = (await inject({ method: 'GET', url: '/metrics', headers: auth })).body;
      return Number(pattern.exec(text)?.[1] ?? 0);
    };
    const ok = /rewardkit_requests_total\{route="\/v1\/score",status="200"\} (\d+)/;
    const timed = /rewardkit_request_duration_seconds_count\{route="\/v1\/score",spec="em-sum"\} (\d+)/;
    const scored = /rewardkit_samples_total\{spec="em-sum",status="scored"\} (\d+)/;
    const before = await Promise.all([metric(ok), metric(timed), metric(scored)]);
    for (let i = 0; i < 3; i++) await http(score({ spec: 'em-sum', samples: [emSample(1), emSample(2)] }));
    const after = await Promise.all([metric(ok), metric(timed), metric(scored)]);
    expect(after.map((n, i) => n - (before[i] as number))).toEqual([3, 3, 6]);
  });
});

describe('POST /v1/score fast path when scoring fails', () => {
  it('answers 500 for that request alone and keeps serving', async () => {
    const service = server.ctx.service;
    const scoreTextNow = service.scoreTextNow.bind(service);
    service.scoreTextNow = () => {
      throw new Error('injected fault');
    };
    try {
      const res = await http(score({ spec: 'exact-match', samples }, { 'x-request-id': 'broken-1' }));
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: { code: 'internal', message: 'internal error; see the server log for this request id' },
        request_id: 'broken-1',
      });
    } finally {
      service.scoreTextNow = scoreTextNow;
    }
    expect((await http(score({ spec: 'exact-match', samples }))).statusCode).toBe(200);
  });
});

describe('POST /v1/score fast path under load', () => {
  it('answers 429 with Retry-After when saturated, as the fastify route does', async () => {
    const busy = await testServer({ limits: { concurrency: 1, queue: 1 } });
    try {
      const send = overHttp(await busy.listen());
      const sent = score({ spec: 'sleep', samples: [{ prompt: 'q', response: 'r' }] });
      const responses = await Promise.all([send(sent), send(sent), send(sent), send(sent)]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 429, 429]);
      const refused = responses.find((r) => r.statusCode === 429) as Answer;
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.json().error.code).toBe('overloaded');
      expect(refused.json().request_id).toBe(refused.headers['x-request-id']);
      const errors = (await busy.app.inject('/metrics')).body;
      expect(errors).toMatch(/rewardkit_errors_total\{code="overloaded"\} 2/);
      expect(errors).toMatch(/rewardkit_requests_total\{route="\/v1\/score",status="429"\} 2/);
    } finally {
      await busy.close();
    }
  });
});

describe('POST /v1/score scored in its own turn (a trivial rule inline)', () => {
  const metric = async (line: string): Promise<number> => {
    const text = (await server.app.inject({ url: '/metrics', headers: auth })).body;
    const at = text.split('\n').find((l) => l.startsWith(`${line} `));
    return at === undefined ? 0 : Number(at.slice(line.length + 1));
  };
  const scoredCount = 'rewardkit_samples_total{spec="exact-match",status="scored"}';
  const leafCount = 'rewardkit_component_duration_seconds_count{spec="exact-match",component="exact-match"}';

  it('counts every sample and every leaf call, as the async path does', async () => {
    const [scored0, leaf0] = [await metric(scoredCount), await metric(leafCount)];
    const three = [emSample(1), emSample(2), emSample(3)];
    const res = await http(score({ spec: 'exact-match', samples: three }));
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(3);
    expect((await metric(scoredCount)) - scored0).toBe(3);
    expect((await metric(leafCount)) - leaf0).toBe(3);
  });

  it('gives its admission slot back, so draining and the concurrency bound see no leak', async () => {
    for (let i = 0; i < 5; i++) await http(score({ spec: 'exact-match', samples: [emSample(i)] }));
    expect(server.ctx.admission.active).toBe(0);
  });
});
