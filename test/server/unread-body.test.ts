// Large /v1/score bodies are read, checked and scored in a worker: the HTTP thread never parses them, and
// every answer is the one the parsed path gives (invalid samples, refusals, traces, a replaced worker).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadingSpec, occurrencesUpTo } from '../../src/server/http/raw-body.js';
import type { RewardServer } from '../../src/server/server.js';
import { encodeTraceValue } from '../../src/server/traces/trace-encode.js';
import { queryTraces } from '../../src/server/traces/trace-query.js';
import { openTraceDb } from '../../src/server/traces/trace-store.js';
import { emSample, testServer } from './helpers.js';

const LARGE = 256 * 1024;
const pad = (n: number) => 'pad '.repeat(Math.ceil(n / 4)).slice(0, n);

/** exact-match samples with a long prompt each, so the body passes the large-body threshold. */
function bigSamples(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({ ...emSample(i), prompt: `${pad(LARGE / n + 100)} ${i}` }));
}

/** Counts JSON.parse calls on this thread over text of at least `LARGE` characters while `run` runs. */
async function bigParsesDuring<T>(run: () => Promise<T>): Promise<{ value: T; parses: number }> {
  const original = JSON.parse;
  let parses = 0;
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    if (typeof text === 'string' && text.length >= LARGE) parses++;
    return original(text, reviver);
  }) as typeof JSON.parse;
  try {
    return { value: await run(), parses };
  } finally {
    JSON.parse = original;
  }
}

describe('large bodies read in a worker', () => {
  let server: RewardServer;
  let traced: string;
  beforeAll(async () => {
    traced = join(mkdtempSync(join(tmpdir(), 'rk-unread-')), 'traces.sqlite');
    server = await testServer({
      workers: 1,
      limits: { samplesPerRequest: 40, sampleTimeoutMs: 1000 },
      traces: { enabled: true, path: traced, sampleRate: 1 },
    });
  });
  afterAll(() => server.close());

  const post = (payload: string) =>
    server.app.inject({ method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload });

  it('answers a large body exactly as the same samples sent in small bodies, without parsing it here', async () => {
    const samples = bigSamples(8);
    const body = JSON.stringify({ spec: 'em-sum', samples });
    expect(body.length).toBeGreaterThan(LARGE);
    const { value: res, parses } = await bigParsesDuring(() => post(body));
    expect(res.statusCode).toBe(200);
    expect(parses).toBe(0);
    const small = await Promise.all(samples.map((s) => post(JSON.stringify({ spec: 'em-sum', samples: [s] }))));
    expect(res.json().results).toEqual(small.map((r) => r.json().results[0]));
    expect(res.json().results.map((r: { id: string }) => r.id)).toEqual(samples.map((s) => s.id));
  });

  it('answers an invalid sample on its own and refuses bad bodies with the field at fault', async () => {
    const samples: unknown[] = bigSamples(4);
    samples[2] = { prompt: 'q', response: 42 };
    const res = await post(JSON.stringify({ spec: 'exact-match', samples }));
    expect(res.statusCode).toBe(200);
    const results = res.json().results;
    expect(results[2]).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(results[2].message).toMatch(/^samples\[2\]\.response/);
    expect(results.filter((r: { status: string }) => r.status === 'scored')).toHaveLength(3);

    const big = pad(LARGE);
    const refusals: Array<[string, number, string]> = [
      [`{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r"}],"extra":1}`, 400, 'extra'],
      [`{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r"}],"spec":"em-sum"}`, 400, 'spec'],
      [`{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r"}`, 400, 'body'],
      [
        `{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r","reference":${'['.repeat(1200)}1${']'.repeat(1200)}}]}`,
        400,
        'body',
      ],
      [
        `{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r","__proto__":{"x":1}}]}`,
        400,
        'samples[0].__proto__',
      ],
      [JSON.stringify({ spec: 'exact-match', samples: bigSamples(41) }), 413, 'samples'],
    ];
    for (const [payload, status, field] of refusals) {
      const refused = await post(payload);
      expect(refused.statusCode, field).toBe(status);
      expect(refused.json().error.field, payload.slice(-40)).toBe(field);
    }
    const misspelt = await post(`{"spec":"exact-match","samples":[{"prompt":"${big}","response":"r"}],"detail":false}`);
    expect(misspelt.json().error.message).toBe(
      'detail is not a field of the body; did you mean "details"? (it takes spec, samples, details)',
    );
  });

  it('traces every sample of a large body as the store would encode it', async () => {
    const samples = bigSamples(3);
    const res = await post(JSON.stringify({ spec: 'exact-match', samples }));
    const requestId = res.json().request_id;
    const reader = openTraceDb(traced, true);
    const rows = [...queryTraces(reader, {})].filter((r) => r.request_id === requestId);
    reader.close();
    expect(rows).toHaveLength(3);
    rows.sort((a, b) => a.index - b.index);
    rows.forEach((row, i) => {
      expect(row.sample).toEqual(JSON.parse(encodeTraceValue(samples[i])));
      expect(row.score).toBe(res.json().results[i].score ?? null);
    });
  });

  it('reads the body here when its worker had to be replaced, and still answers every sample', async () => {
    const restarts = async () => {
      const text = (await server.app.inject('/metrics')).body;
      return Number(/^rewardkit_worker_restarts_total (\d+)/m.exec(text)?.[1]);
    };
    const before = await restarts();
    const samples = [
      { prompt: pad(LARGE), response: 'ab' },
      { prompt: 'q', response: 'spin' },
    ];
    const res = await post(JSON.stringify({ spec: 'spin', samples }));
    // Replaced twice: once reading it unread (given back), once scoring it the usual way (the stuck sample alone).
    expect((await restarts()) - before).toBe(2);
    expect(res.statusCode).toBe(200);
    const [first, stuck] = res.json().results;
    expect(first).toMatchObject({ status: 'scored', score: 2 });
    expect(stuck).toMatchObject({ status: 'error', code: 'timeout' });
  });
});

describe('a large body that hides its sample count', () => {
  let server: RewardServer;
  beforeAll(async () => {
    server = await testServer({ workers: 1, chunkSize: 2 });
  });
  afterAll(() => server.close());

  it('is given back and chunked here when its "response" keys are spelt with escapes', async () => {
    const samples = bigSamples(5);
    // "respons\u0065" is the key "response" to JSON.parse, invisible to the substring count that routes bodies.
    const body = JSON.stringify({ spec: 'exact-match', samples }).replaceAll('"response"', '"respons\\u0065"');
    expect(occurrencesUpTo(body, '"response"', 10)).toBe(0);
    const post = (payload: string) =>
      server.app.inject({ method: 'POST', url: '/v1/score', headers: { 'content-type': 'application/json' }, payload });
    const { value: res, parses } = await bigParsesDuring(() => post(body));
    expect(res.statusCode).toBe(200);
    expect(parses).toBeGreaterThan(0); // read here after the worker gave it back
    const one = await Promise.all(samples.map((s) => post(JSON.stringify({ spec: 'exact-match', samples: [s] }))));
    expect(res.json().results).toEqual(one.map((r) => r.json().results[0]));
  });
});

describe('routing a large body unread', () => {
  it('reads the spec only when it is the first key, and counts samples without parsing', () => {
    expect(leadingSpec('{"spec":"em-sum","samples":[]}')).toBe('em-sum');
    expect(leadingSpec(' { "spec" : "a.b-c" , "samples":[]}')).toBe('a.b-c');
    expect(leadingSpec('{"samples":[],"spec":"em-sum"}')).toBeUndefined();
    expect(leadingSpec('{"spec":"a\\"b","samples":[]}')).toBeUndefined();
    expect(occurrencesUpTo('"response" "response" "response"', '"response"', 2)).toBe(2);
    expect(occurrencesUpTo('{"prompt":"x \\"response\\" y"}', '"response"', 5)).toBe(0);
  });
});
