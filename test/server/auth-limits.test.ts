import { describe, expect, it } from 'vitest';
import { Admission } from '../../src/server/http/admission.js';
import { bearerChecker, bindRefusal, isLoopback } from '../../src/server/http/auth.js';
import { testServer } from './helpers.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('bearer tokens', () => {
  const check = bearerChecker([TOKEN, 'another-token-abcdefghijkl']);

  it('accepts any configured token and nothing else', () => {
    expect(check(`Bearer ${TOKEN}`)).toBe(true);
    expect(check('bearer another-token-abcdefghijkl')).toBe(true);
    expect(check(undefined)).toBe(false);
    expect(check('')).toBe(false);
    expect(check(TOKEN)).toBe(false);
    expect(check(`Bearer ${TOKEN}x`)).toBe(false);
    expect(check(`Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(check(`Basic ${TOKEN}`)).toBe(false);
    expect(bearerChecker([])('Bearer ')).toBe(false);
  });

  it('guards every route but /health', async () => {
    const server = await testServer({ auth: { tokens: [TOKEN] } });
    try {
      const payload = { spec: 'exact-match', samples: [] };
      const none = await server.app.inject({ method: 'POST', url: '/v1/score', payload });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toContain('Bearer');
      expect(none.json().error.code).toBe('unauthorized');
      const wrong = await server.app.inject({
        method: 'POST',
        url: '/openrlhf/exact-match',
        headers: { authorization: 'Bearer wrong-token-0123456789' },
        payload: { query: ['a'] },
      });
      expect(wrong.statusCode).toBe(401);
      for (const url of ['/metrics', '/v1/specs']) expect((await server.app.inject(url)).statusCode).toBe(401);
      const ok = await server.app.inject({
        method: 'POST',
        url: '/v1/score',
        headers: { authorization: `Bearer ${TOKEN}` },
        payload,
      });
      expect(ok.statusCode).toBe(200);
      expect((await server.app.inject('/health')).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('exposure', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.8.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopback(h)).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com', '128.0.0.1']) {
      expect(isLoopback(h)).toBe(false);
    }
  });

  it('refuses a public bind without a token unless insecure', async () => {
    expect(bindRefusal('0.0.0.0', [], false)).toMatch(/refusing to listen on 0\.0\.0\.0/);
    expect(bindRefusal('0.0.0.0', [], true)).toBeUndefined();
    expect(bindRefusal('0.0.0.0', [TOKEN], false)).toBeUndefined();
    expect(bindRefusal('127.0.0.1', [], false)).toBeUndefined();
    await expect(testServer({ host: '0.0.0.0' })).rejects.toThrow(/without a bearer token/);
  });
});

describe('back-pressure', () => {
  it('admits up to the concurrency, queues up to the bound, then refuses', async () => {
    const admission = new Admission(2, 1);
    const a = await admission.enter();
    const b = await admission.enter();
    const waiting = admission.enter();
    expect(admission.waiting).toBe(1);
    expect(admission.enter()).toBeNull();
    a?.();
    const c = await waiting;
    expect(admission.active).toBe(2);
    b?.();
    c?.();
    c?.(); // releasing twice is harmless
    expect(admission.active).toBe(0);
    expect(admission.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
  });

  it('answers 429 with Retry-After when saturated, and scores again once drained', async () => {
    const server = await testServer({ limits: { concurrency: 1, queue: 1 } });
    try {
      const payload = { spec: 'sleep', samples: [{ prompt: 'q', response: 'r' }] };
      const send = () => server.app.inject({ method: 'POST', url: '/v1/score', payload });
      const responses = await Promise.all([send(), send(), send(), send()]);
      const codes = responses.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 200, 429, 429]);
      const refused = responses.find((r) => r.statusCode === 429);
      expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused?.json().error.code).toBe('overloaded');
      expect((await send()).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});
