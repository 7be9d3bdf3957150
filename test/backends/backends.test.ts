import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Gate } from '../../src/backends/gate.js';
import { retryAfterMs } from '../../src/backends/http.js';
import { BackendFailure, Backends, backendConfigSchema, MemoryCache, SqliteCache } from '../../src/backends/index.js';
import { ask, failureOf, hubOn, plannedServer } from './planned-server.js';
import { chatLogprobReply, echoReply, vllmPromptLogprobsReply } from './scripted-server.js';

const planned = plannedServer();
const { server, fetch: fetchGuard } = planned;
const hub = hubOn(planned);
const dir = mkdtempSync(join(tmpdir(), 'rk-backends-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OpenAI-compatible chat and completions', () => {
  it('sends the OpenAI chat body and reads log-probs in the chat shape', async () => {
    server.script((req) =>
      req.path === '/v1/chat/completions' ? { body: chatLogprobReply({ '7': -0.2, '8': -2 }) } : undefined,
    );
    const reply = await hub({ apiKeyEnv: 'RK_KEY' }).chat('b', ask);
    expect(server.seen[0]?.body).toMatchObject({
      model: 'm',
      logprobs: true,
      top_logprobs: 5,
      max_tokens: 1,
      temperature: 0,
    });
    expect(server.seen[0]?.headers.authorization).toBe('Bearer secret-key');
    expect(reply.text).toBe('7');
    expect(reply.logprobs?.[0]?.top).toEqual([
      { token: '7', logprob: -0.2 },
      { token: '8', logprob: -2 },
    ]);
    expect(reply.usage).toEqual({ promptTokens: 50, completionTokens: 1 });
  });

  it('asks for structured output with a JSON schema and parses the reply', async () => {
    const content = '{"verdict": "YES"}';
    server.script(() => ({ body: { choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] } }));
    const schema = { type: 'object', properties: { verdict: { enum: ['YES', 'NO'] } }, required: ['verdict'] };
    const reply = await hub().chat('b', { messages: ask.messages, jsonSchema: { name: 'verdict', schema } });
    expect(server.seen[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'verdict', schema, strict: true },
    });
    expect(reply.json).toEqual({ verdict: 'YES' });
  });

  it('reads completions log-probs in the vLLM/legacy shape, with echo offsets', async () => {
    const prompt = 'Hello there, world';
    server.script((req) =>
      req.path === '/v1/completions' ? { body: echoReply(req.body.prompt, () => -1.5) } : undefined,
    );
    const reply = await hub().completion('b', { prompt, echo: true, logprobs: 0, maxTokens: 1 });
    expect(server.seen[0]?.body).toMatchObject({ prompt, echo: true, logprobs: 0 });
    expect(reply.logprobs?.[0]).toEqual({ token: 'Hell', logprob: null, offset: 0, top: [] });
    expect(reply.logprobs?.[1]).toMatchObject({ token: 'o th', logprob: -1.5, offset: 4 });
  });

  it('reads vLLM prompt_logprobs', async () => {
    server.script((req) => ({ body: vllmPromptLogprobsReply(req.body.prompt, (_t, i) => -i) }));
    const reply = await hub().completion('b', { prompt: 'abcdefgh', promptLogprobs: 0, maxTokens: 1 });
    expect(server.seen[0]?.body.prompt_logprobs).toBe(0);
    expect(reply.promptLogprobs).toEqual([
      { token: '', logprob: null, top: [] },
      { token: 'efgh', logprob: -1, top: [] },
    ]);
  });

  it('reports malformed JSON, an empty reply and missing log-probs as malformed-reply', async () => {
    server.script(() => ({ body: '{"choices": [ not json' }));
    expect((await failureOf(hub().chat('b', ask)))?.code).toBe('malformed-reply');
    server.script(() => ({ body: { choices: [{ message: { role: 'assistant', content: '' } }] } }));
    expect((await failureOf(hub().chat('b', { messages: ask.messages })))?.code).toBe('malformed-reply');
    server.script(() => ({ body: { choices: [{ message: { role: 'assistant', content: '7' }, logprobs: null }] } }));
    expect((await failureOf(hub().chat('b', ask)))?.message).toMatch(/log-probs were asked for/);
    server.script(() => ({ body: { object: 'error' } }));
    expect((await failureOf(hub().chat('b', ask)))?.message).toMatch(/no choices\[0\]/);
  });
});

describe('retries, timeouts and limits', () => {
  it('retries a 429, honouring Retry-After, then succeeds; the limit halves', async () => {
    server.script((_r, n) =>
      n === 0
        ? { status: 429, headers: { 'retry-after': '0' }, body: { error: 'slow down' } }
        : { body: chatLogprobReply({ '3': -0.1 }) },
    );
    const backends = hub({ concurrency: 8 });
    const reply = await backends.chat('b', ask);
    expect(reply.text).toBe('3');
    expect(server.seen).toHaveLength(2);
    const c = backends.stats.snapshot().b;
    expect(c).toMatchObject({ requests: 2, retries: 1, throttled: 1, failures: 0 });
  });

  it('Retry-After wins over the backoff: a 60 s backoff with Retry-After: 0 retries at once', async () => {
    server.script((_r, n) =>
      n === 0 ? { status: 503, headers: { 'retry-after': '0' }, body: {} } : { body: chatLogprobReply({ '2': -0.1 }) },
    );
    // Were the header ignored, this would wait 30–60 s and the test would time out.
    const reply = await hub({ backoffMs: 60_000, maxBackoffMs: 60_000 }).chat('b', ask);
    expect(reply.text).toBe('2');
  });

  it('spaces request starts to the rate limit', async () => {
    vi.useFakeTimers();
    try {
      const gate = new Gate(10, 10); // 10 per second: one start every 100 ms
      let started = 0;
      const all = Array.from({ length: 3 }, async () => {
        const release = await gate.acquire();
        started++;
        release();
      });
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toBe(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(started).toBe(2);
      await vi.advanceTimersByTimeAsync(100);
      expect(started).toBe(3);
      await Promise.all(all);
    } finally {
      vi.useRealTimers();
    }
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('adapts concurrency: halves on 429, grows back by one per window of successes, never past the cap', () => {
    const gate = new Gate(8, undefined);
    gate.throttled();
    expect(gate.limit).toBe(4);
    for (let i = 0; i < 4; i++) gate.succeeded();
    expect(gate.limit).toBe(5);
    for (let i = 0; i < 100; i++) gate.succeeded();
    expect(gate.limit).toBe(8);
  });

  it('gives up after the retries on a 500 with backend-error; a 400 is not retried', async () => {
    server.script(() => ({ status: 500, body: { error: 'boom' } }));
    const e = await failureOf(hub().chat('b', ask));
    expect(e).toBeInstanceOf(BackendFailure);
    expect(e?.code).toBe('backend-error');
    expect(e?.status).toBe(500);
    expect(server.seen).toHaveLength(3);
    server.script(() => ({ status: 400, body: { error: 'bad' } }));
    expect((await failureOf(hub().chat('b', ask)))?.attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
  });

  it('times out a slow reply with backend-timeout', async () => {
    server.script(() => ({ body: chatLogprobReply({ '1': -0.1 }), delayMs: 2000 }));
    const e = await failureOf(hub({ timeoutMs: 100, retries: 1 }).chat('b', ask));
    expect(e?.code).toBe('backend-timeout');
    expect(server.seen).toHaveLength(2);
  });

  it('stops retrying when the caller aborts (the sample budget ran out)', async () => {
    server.script(() => ({ status: 503, body: {} }));
    const controller = new AbortController();
    const pending = failureOf(hub({ retries: 10, backoffMs: 10_000 }).chat('b', ask, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await pending)?.code).toBe('backend-timeout');
    expect(server.seen.length).toBeLessThan(3);
  });

  it('keeps to the configured concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    server.script(() => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => inFlight--, 30);
      return { body: chatLogprobReply({ '1': -0.1 }), delayMs: 30 };
    });
    const backends = hub({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => backends.chat('b', { ...ask, seed: i })));
    expect(most).toBeLessThanOrEqual(3);
  });
});

describe('cache and dedupe', () => {
  it('serves a repeated request from the SQLite file, across instances, and counts hits and misses', async () => {
    const path = join(dir, 'cache.sqlite');
    server.script(() => ({ body: chatLogprobReply({ '5': -0.3 }) }));
    const first = hub({}, { cache: new SqliteCache(path) });
    await first.chat('b', ask);
    first.close();
    const second = hub({}, { cache: new SqliteCache(path) });
    const reply = await second.chat('b', ask);
    expect(reply.text).toBe('5');
    expect(server.seen).toHaveLength(1);
    expect(second.stats.snapshot().b).toMatchObject({ hits: 1, misses: 0, requests: 0 });
    await second.chat('b', { ...ask, temperature: 0.5 }); // a different request is a miss
    expect(server.seen).toHaveLength(2);
    second.close();
  });

  it('never caches a failed or malformed reply', async () => {
    const backends = hub({ retries: 0 }, { cache: new MemoryCache() });
    server.script(() => ({ body: 'not json' }));
    await failureOf(backends.chat('b', ask));
    server.script(() => ({ body: chatLogprobReply({ '2': -0.1 }) }));
    expect((await backends.chat('b', ask)).text).toBe('2');
    expect(backends.stats.snapshot().b?.failuresByCode).toEqual({ 'malformed-reply': 1 });
  });

  it('answers a cached call synchronously (cachedChat, cachedScalar), and only when cached', async () => {
    server.script((req) =>
      req.path === '/score'
        ? { body: { data: [{ index: 0, score: 0.25 }] } }
        : { body: chatLogprobReply({ '9': -0.1 }) },
    );
    const cache = new SqliteCache(join(dir, 'sync.sqlite'));
    const backends = new Backends({
      configs: {
        b: backendConfigSchema.parse({ baseUrl: `${server.url}/v1`, retries: 0 }),
        s: backendConfigSchema.parse({ api: 'vllm-score', baseUrl: server.url, retries: 0 }),
      },
      fetch: fetchGuard,
      cache,
    });
    const input = { messages: [], prompt: 'q', response: 'a', text: 'q a' };
    expect(backends.cachedChat('b', ask)).toBeUndefined();
    expect(backends.cachedScalar('s', input)).toBeUndefined();
    const reply = await backends.chat('b', ask);
    await backends.scalar('s', input);
    expect(backends.cachedChat('b', ask)).toEqual(reply); // before the write-behind commit: read from the buffer
    cache.flush();
    expect(backends.cachedScalar('s', input)).toBe(0.25);
    expect(backends.cachedChat('b', { ...ask, seed: 1 })).toBeUndefined();
    expect(backends.stats.snapshot().b).toMatchObject({ hits: 1, misses: 1 });
    expect(() => backends.cachedChat('nope', ask)).toThrow(/no backend of that name/);
    backends.close();
  });

  it('makes identical calls in flight once', async () => {
    server.script(() => ({ body: chatLogprobReply({ '4': -0.1 }), delayMs: 30 }));
    const backends = hub();
    const replies = await Promise.all(Array.from({ length: 5 }, () => backends.chat('b', ask)));
    expect(replies.map((r) => r.text)).toEqual(['4', '4', '4', '4', '4']);
    expect(server.seen).toHaveLength(1);
    expect(backends.stats.snapshot().b?.deduped).toBe(4);
  });
});
