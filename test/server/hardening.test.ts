// One client cannot hurt another: slow and malformed HTTP gets our error body and is cut off, connections are
// capped, a request's scoring has a budget, a BOM is not an error, and draining answers 503 instead of refusing.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { overDeepAt } from '../../src/server/http/body-depth.js';
import type { RewardServer } from '../../src/server/server.js';
import { emSample, testServer } from './helpers.js';

let server: RewardServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Record<string, unknown> = {}): Promise<{ url: string; port: number }> {
  server = await testServer(overrides);
  const url = await server.listen();
  return { url, port: Number(new URL(url).port) };
}

/** Writes raw bytes on a fresh connection and collects everything the server sends until it closes. */
function raw(port: number, chunks: string[], gapMs = 0): Promise<{ text: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

function jsonOf(response: string): { error: { code: string; message: string } } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

describe('server hardening', () => {
  it('answers a malformed HTTP request with our error body', async () => {
    const { port } = await start();
    const { text } = await raw(port, ['NOT HTTP AT ALL\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(jsonOf(text).error.code).toBe('bad-request');
  });

  it('refuses a body nested past 1,000 levels before parsing it, and isolates a sample past 64 levels', async () => {
    const { url } = await start();
    const send = (body: string) =>
      fetch(`${url}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const refused = await send(
      `{"spec":"exact-match","samples":[{"prompt":"q","response":"r","reference":${deep(20_000)}}]}`,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'bad-request', field: 'body' } });
    const mixed = await send(
      `{"spec":"exact-match","samples":[${JSON.stringify(emSample(1))},{"prompt":"q","response":"r","reference":${deep(100)}},${JSON.stringify(emSample(2))}]}`,
    );
    const body = (await mixed.json()) as { results: Array<{ status: string; code?: string; message?: string }> };
    expect(body.results.map((r) => r.status)).toEqual(['scored', 'error', 'scored']);
    expect(body.results[1]).toMatchObject({
      code: 'invalid-sample',
      message: expect.stringMatching(/nested more than 64/),
    });
  });

  it('counts depth outside strings only', () => {
    expect(overDeepAt('{"a":"[[[[[[[[[[\\"[[[[","b":[1]}', 3)).toBe(-1);
    expect(overDeepAt('[[[[1]]]]', 3)).toBe(3);
  });

  it('answers a URL fastify cannot decode with our error body', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/%zz`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'bad-request', field: 'url' },
      request_id: expect.any(String),
    });
  });

  it('cuts off a body trickled in past requestTimeoutMs', async () => {
    const { port } = await start({ limits: { requestTimeoutMs: 600, headersTimeoutMs: 600 } });
    const head = 'POST /v1/score HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const { text, ms } = await raw(port, [head, ...Array.from({ length: 40 }, () => ' ')], 100);
    // Node's request timeout, answered by our clientError handler with the timeout code's status.
    expect(text).toMatch(/^HTTP\/1\.1 504 Gateway Timeout\r\n/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'timeout', message: 'the request did not arrive in time' },
      request_id: null,
    });
    expect(ms).toBeLessThan(3500);
  });

  it('refuses connections past maxConnections, so idle ones cannot lock others out', async () => {
    const { port } = await start({ limits: { maxConnections: 3 } });
    const idle: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.on('connect', r));
      idle.push(s);
    }
    await new Promise((r) => setTimeout(r, 50));
    const refused = await raw(port, ['GET /health HTTP/1.1\r\nhost: x\r\n\r\n']);
    expect(refused.text).toBe('');
    for (const s of idle) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  });

  it('ends a request that overruns requestBudgetMs with timeout results', async () => {
    const { url } = await start({ limits: { requestBudgetMs: 200 } });
    const res = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'sleep-long', samples: [{ prompt: 'q', response: 'r' }] }),
    });
    const body = (await res.json()) as { results: Array<{ status: string; code: string }> };
    expect(body.results[0]).toMatchObject({ status: 'error', code: 'timeout' });
  });

  it('scores a body that starts with a UTF-8 byte order mark, in the worker path too', async () => {
    const { url } = await start({ workers: 1 });
    const res = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `\uFEFF${JSON.stringify({ spec: 'exact-match', samples: [emSample(1), emSample(2)] })}`,
    });
    const body = (await res.json()) as { results: Array<{ status: string }> };
    expect(res.status).toBe(200);
    expect(body.results.map((r) => r.status)).toEqual(['scored', 'scored']);
  });

  it('answers a request that scores for longer than the idle timeout, on both paths', async () => {
    const { url } = await start({ limits: { idleTimeoutMs: 300 } });
    const post = (path: string, body: unknown) =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const sample = { prompt: 'q', response: 'r' };
    const [native, drop] = await Promise.all([
      post('/v1/score', { spec: 'sleep-long', samples: [sample] }), // 1.5 s of scoring, node:http fast path
      post('/openrlhf/sleep-long', { query: ['q r'], prompts: ['q'] }), // the same through fastify
    ]);
    expect(native.status).toBe(200);
    expect(((await native.json()) as { results: Array<{ score: number }> }).results[0]?.score).toBe(1);
    expect(drop.status).toBe(200);
    expect(((await drop.json()) as { rewards: number[] }).rewards).toEqual([1]);
  });

  it('still cuts off a client that stops reading its answer, after the idle timeout', async () => {
    const { port } = await start({ limits: { idleTimeoutMs: 300 } });
    // About 8 MB of answer (each result echoes its 100 KB answer twice): more than loopback buffers hold.
    const big = 'x'.repeat(100_000);
    const samples = Array.from({ length: 40 }, () => ({ prompt: 'q', response: big, reference: 'y' }));
    const body = JSON.stringify({ spec: 'exact-match', samples });
    const { got, length } = await new Promise<{ got: number; length: number }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let got = 0;
      let head = '';
      let stalled = false;
      socket.on('error', () => {});
      socket.on('data', (d) => {
        if (got === 0) head = d.toString('latin1', 0, 400);
        got += d.length;
        if (got > 64 * 1024 && !stalled) {
          // Stop reading well past the idle timeout, then read whatever the server still sends.
          stalled = true;
          socket.pause();
          setTimeout(() => socket.resume(), 1500);
        }
      });
      socket.on('close', () => resolve({ got, length: Number(/content-length: (\d+)/i.exec(head)?.[1]) }));
      socket.write(
        `POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    expect(length).toBeGreaterThan(8_000_000);
    expect(got).toBeGreaterThan(64 * 1024);
    expect(got).toBeLessThan(length); // the server gave up on the stalled answer
  });

  it('answers 503 on /health and refuses new work while draining, and finishes in-flight requests', async () => {
    const { url } = await start();
    const slow = fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'sleep-long', samples: [{ prompt: 'q', response: 'r' }] }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const closing = server?.close();
    await new Promise((r) => setTimeout(r, 50));
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { status: string }).status).toBe('closing');
    const refused = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'exact-match', samples: [emSample(1)] }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('shutting-down');
    const done = await slow;
    expect(done.status).toBe(200);
    await closing;
    server = undefined;
  });
});
