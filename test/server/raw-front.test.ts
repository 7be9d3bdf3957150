// The raw HTTP/1.1 front of POST /v1/score (src/server/http/raw-front.ts), over real sockets: plain requests
// are answered on the socket in order, partial ones wait, and anything else goes to node:http with every byte.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainHead } from '../../src/server/http/raw-front.js';
import type { RewardServer } from '../../src/server/server.js';
import { emSample, testServer } from './helpers.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what a server sent into answers, by their content-length (or to the end when an answer has none). */
function answersIn(raw: Buffer): RawAnswer[] {
  const out: RawAnswer[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`an unfinished head: ${raw.subarray(at).toString('latin1')}`);
    const [statusLine = '', ...lines] = raw.subarray(at, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    const length =
      status < 200
        ? 0
        : headers['content-length'] === undefined
          ? raw.length - headEnd - 4
          : Number(headers['content-length']);
    const body = raw.subarray(headEnd + 4, headEnd + 4 + length);
    expect(body.length).toBe(length);
    out.push({ status, headers, body: body.toString('utf8') });
    at = headEnd + 4 + length;
  }
  return out;
}

/** Writes `parts` to a fresh connection (`gapMs` apart), half-closes when `end`, and returns all it read until close. */
function converse(port: number, parts: (string | Buffer)[], options: { gapMs?: number; end?: boolean } = {}) {
  return new Promise<Buffer>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    socket.on('data', (c: Buffer) => got.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(got)));
    socket.on('connect', async () => {
      for (const part of parts) {
        socket.write(part);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      if (options.end ?? true) socket.end();
    });
  });
}

const post = (body: string, extra = ''): string =>
  `POST /v1/score HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const scoreBody = (spec: string, n: number, offset = 0) =>
  JSON.stringify({ spec, samples: Array.from({ length: n }, (_, i) => emSample(i + offset)) });

let server: RewardServer;
let port: number;
/** Requests node:http parsed (its 'request' event fires for those alone). */
let viaNode = 0;
beforeAll(async () => {
  server = await testServer({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
  port = Number(new URL(await server.listen()).port);
  server.app.server.on('request', () => viaNode++);
});
afterAll(() => server.close());

describe('plainHead', () => {
  const head = (lines: string[], line = 'POST /v1/score HTTP/1.1') => [line, ...lines].join('\r\n');
  const plain = ['Host: x', 'Content-Type: application/json', 'Content-Length: 12'];

  it('reads the fields of a plain request, header names in any case', () => {
    expect(
      plainHead(head([...plain, 'AUTHORIZATION: Bearer t', 'X-Request-Id: r1', 'Connection: Keep-Alive'])),
    ).toEqual({
      length: 12,
      type: 'application/json',
      authorization: 'Bearer t',
      requestId: 'r1',
    });
  });

  it.each([
    ['HTTP/1.0', head(plain, 'POST /v1/score HTTP/1.0')],
    ['a query string', head(plain, 'POST /v1/score?x=1 HTTP/1.1')],
    ['another method', head(plain, 'PUT /v1/score HTTP/1.1')],
    ['chunked', head([...plain, 'Transfer-Encoding: chunked'])],
    ['Expect', head([...plain, 'Expect: 100-continue'])],
    ['Upgrade', head([...plain, 'Upgrade: h2c'])],
    ['Content-Encoding', head([...plain, 'Content-Encoding: gzip'])],
    ['Connection: close', head([...plain, 'Connection: close'])],
    ['two lengths', head([...plain, 'Content-Length: 12'])],
    ['a length that is not digits', head(['Content-Length: 1e2'])],
    ['no length', head(['Content-Type: application/json'])],
    ['two authorizations', head([...plain, 'Authorization: a', 'Authorization: b'])],
    ['a folded line', head([...plain, ' folded'])],
    ['a bare line feed', head(['Host: x\nContent-Length: 12'])],
    ['a control character', head([...plain, 'X-A: b\u0001'])],
    ['a bad header name', head([...plain, 'X A: b'])],
    ['a line with no colon', head([...plain, 'nonsense'])],
  ])('leaves %s to node:http', (_name, text) => {
    expect(plainHead(text)).toBeUndefined();
  });
});

describe('the raw front over a socket', () => {
  it('answers pipelined requests in order, handing the connection to node:http at the first other one', async () => {
    const before = viaNode;
    const raw = await converse(port, [
      post(scoreBody('exact-match', 2)) +
        post(scoreBody('exact-match', 1, 5), 'x-request-id: second\r\n') +
        'GET /health HTTP/1.1\r\nhost: x\r\n\r\n' +
        post(scoreBody('exact-match', 3)),
    ]);
    const answers = answersIn(raw);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.body).results?.length)).toEqual([2, 1, undefined, 3]);
    expect(answers[1]?.headers['x-request-id']).toBe('second');
    expect(JSON.parse(answers[2]?.body ?? '').status).toBe('ok');
    // The health check and the request after it were node:http's.
    expect(viaNode - before).toBe(2);
  });

  it('keeps the connection for requests that arrive a few bytes at a time', async () => {
    const before = viaNode;
    const text = post(scoreBody('exact-match', 2)) + post(scoreBody('em-sum', 1));
    const parts = text.match(/[\s\S]{1,40}/g) as string[];
    const answers = answersIn(await converse(port, parts, { gapMs: 2 }));
    expect(answers.map((a) => [a.status, JSON.parse(a.body).spec])).toEqual([
      [200, 'exact-match'],
      [200, 'em-sum'],
    ]);
    expect(viaNode).toBe(before);
  });

  it('reads a large body that arrives in many small parts, without handing it over', async () => {
    const own = await testServer();
    try {
      const ownPort = Number(new URL(await own.listen()).port);
      let parsed = 0;
      own.app.server.on('request', () => parsed++);
      const body = scoreBody('exact-match', 1500);
      expect(Buffer.byteLength(body)).toBeGreaterThan(128 * 1024);
      const parts = post(body).match(/[\s\S]{1,2048}/g) as string[];
      const [answer] = answersIn(await converse(ownPort, parts, { gapMs: 1 }));
      expect(answer?.status).toBe(200);
      expect(JSON.parse(answer?.body ?? '').results).toHaveLength(1500);
      expect(parsed).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('answers exactly as node:http would, with lengths in bytes for any text', async () => {
    const samples = [{ id: 'ü', prompt: 'q', response: 'The answer is café ☕.', reference: 'café ☕' }];
    const body = JSON.stringify({ spec: 'exact-match', samples });
    const [viaRaw] = answersIn(await converse(port, [post(body, 'x-request-id: same\r\n')]));
    const viaInject = await server.app.inject({
      method: 'POST',
      url: '/v1/score',
      headers: { 'content-type': 'application/json', 'x-request-id': 'same' },
      payload: body,
    });
    expect(viaRaw?.status).toBe(200);
    expect(JSON.parse(viaRaw?.body ?? '')).toEqual(viaInject.json());
    expect(viaRaw?.headers['content-type']).toBe(viaInject.headers['content-type']);
    expect(viaRaw?.headers.date).toMatch(/GMT$/);
    expect(JSON.parse(viaRaw?.body ?? '').results[0]).toMatchObject({ id: 'ü', score: 1 });
  });

  it('keeps answers in order when the first is scored asynchronously', async () => {
    const slow = JSON.stringify({ spec: 'sleep', samples: [{ prompt: 'q', response: 'r' }] });
    const answers = answersIn(await converse(port, [post(slow) + post(scoreBody('exact-match', 1))]));
    expect(answers.map((a) => JSON.parse(a.body).spec)).toEqual(['sleep', 'exact-match']);
  });

  it('gives node:http a request whose head stalls, which cuts it off with its timeout answer', async () => {
    const started = Date.now();
    const raw = await converse(port, ['POST /v1/score HTTP/1.1\r\nhost: x\r\n'], { end: false });
    const [answer] = answersIn(raw);
    expect(answer?.status).toBe(504);
    expect(JSON.parse(answer?.body ?? '').error.code).toBe('timeout');
    // Our 300 ms, then node:http's own (checked every 150 ms here).
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers every request sent before a half-close, then closes', async () => {
    const answers = answersIn(
      await converse(port, [post(scoreBody('exact-match', 1)) + post(scoreBody('exact-match', 2))], { end: true }),
    );
    expect(answers.map((a) => JSON.parse(a.body).results.length)).toEqual([1, 2]);
  });

  it('hands chunked and Expect requests to node:http, which scores them', async () => {
    const body = scoreBody('exact-match', 2);
    const chunked = `POST /v1/score HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const before = viaNode;
    const answers = [
      ...answersIn(await converse(port, [chunked])),
      ...answersIn(await converse(port, [post(body, 'expect: 100-continue\r\n')])),
    ].filter((a) => a.status !== 100);
    expect(answers.map((a) => [a.status, JSON.parse(a.body).results.length])).toEqual([
      [200, 2],
      [200, 2],
    ]);
    expect(viaNode - before).toBe(2);
  });

  it('stops reading a client that never reads its answers, cuts it off when idle, and keeps serving others', async () => {
    const own = await testServer({ limits: { idleTimeoutMs: 300 } });
    try {
      const ownPort = Number(new URL(await own.listen()).port);
      const greedy = connect(ownPort, '127.0.0.1');
      greedy.on('error', () => {});
      await new Promise((r) => greedy.on('connect', r));
      greedy.pause();
      // Far more answers than the socket buffers hold: the server must stop reading rather than queue them all.
      const one = post(scoreBody('exact-match', 64));
      greedy.write(one.repeat(600));
      const [other] = answersIn(await converse(ownPort, [post(scoreBody('exact-match', 2))]));
      expect(other?.status).toBe(200);
      const connections = () => new Promise<number>((resolve) => own.app.server.getConnections((_e, n) => resolve(n)));
      const until = Date.now() + 10_000;
      while ((await connections()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await connections()).toBe(0);
      // It answered only what the socket buffers could take before it stopped reading, not all 600.
      const metrics = (await own.app.inject('/metrics')).body;
      const answered = Number(/rewardkit_requests_total\{route="\/v1\/score",status="200"\} (\d+)/.exec(metrics)?.[1]);
      expect(answered).toBeGreaterThan(1);
      expect(answered).toBeLessThan(600);
      greedy.destroy();
    } finally {
      await own.close();
    }
  });

  it('closes its idle connections when the server closes', async () => {
    const own = await testServer();
    const ownPort = Number(new URL(await own.listen()).port);
    const socket = connect(ownPort, '127.0.0.1');
    const closed = new Promise((r) => socket.on('close', r));
    const answered = new Promise((r) => socket.once('data', r));
    socket.write(post(scoreBody('exact-match', 1)));
    await answered;
    const started = Date.now();
    await own.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('rawHttp: false', () => {
  it('leaves every request to node:http, with the same answers', async () => {
    const plainServer = await testServer({ rawHttp: false });
    try {
      const plainPort = Number(new URL(await plainServer.listen()).port);
      let parsed = 0;
      plainServer.app.server.on('request', () => parsed++);
      const body = scoreBody('exact-match', 3);
      const [a] = answersIn(await converse(plainPort, [post(body, 'x-request-id: r\r\n')]));
      const [b] = answersIn(await converse(port, [post(body, 'x-request-id: r\r\n')]));
      expect(parsed).toBe(1);
      expect(a?.body).toBe(b?.body);
    } finally {
      await plainServer.close();
    }
  });
});
