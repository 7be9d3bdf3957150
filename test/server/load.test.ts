// Load test over loopback: requests of 64 samples at random concurrency; every answer must equal direct
// in-process scoring of the same samples: 0 lost, 0 duplicated, 0 swapped. Bounded in count and time.
// The default run sends 1,000 requests (seconds); `npm run test:load` sends the full 10,000.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { mulberry32 } from '../../src/core/prng.js';
import { Runner } from '../../src/core/runner.js';
import { parseSpec } from '../../src/core/spec.js';
import type { RewardResult } from '../../src/core/types.js';
import type { RewardServer } from '../../src/server/server.js';
import { specText, testServer } from './helpers.js';

const REQUESTS = Number(process.env.REWARDKIT_LOAD_REQUESTS ?? 1_000);
const PER_REQUEST = 64;
const MAX_CONCURRENCY = 64;
const DEADLINE_MS = 540_000;

// A pool of distinct samples; each request draws 64 of them (with repeats) under fresh ids.
function makePool(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const answer = i % 5 === 0 ? `Item ${i}` : `item ${i}`;
    const response = i % 7 === 0 ? `I think it is ${i + 1}` : `The answer is ${answer}.`;
    return { prompt: `question ${i}`, response, reference: i % 11 === 0 ? undefined : `item ${i}` };
  });
}

let server: RewardServer;
let port: number;
beforeAll(async () => {
  server = await testServer({ workers: 1, limits: { concurrency: 64, queue: 4096 } });
  port = Number(new URL(await server.listen()).port);
});
afterAll(() => server.close());

function post(agent: Agent, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // The server closing an idle keep-alive socket just as the client reuses it is the documented race of
    // keep-alive clients (Node's request.reusedSocket): resend once, as a client should; the answer is unchanged.
    const failed = (err: NodeJS.ErrnoException) =>
      req.reusedSocket && err.code === 'ECONNRESET' ? post(agent, body).then(resolve, reject) : reject(err);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/score',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', failed);
    req.end(body);
  });
}

describe('load', () => {
  it(`answers ${REQUESTS} requests of ${PER_REQUEST} samples exactly like direct scoring`, {
    timeout: DEADLINE_MS + 30_000,
  }, async () => {
    const pool = makePool(4096);
    const { root } = parseSpec(specText('em-sum'), 'em-sum', createRegistry());
    const expected: RewardResult[] = await new Runner().score(root, pool);
    const random = mulberry32(42);
    const agent = new Agent({ keepAlive: true, maxSockets: MAX_CONCURRENCY });
    const seen = new Set<string>();
    const tally = { ok: 0, lost: 0, duplicated: 0, swapped: 0, retried: 0 };
    const started = Date.now();
    let sent = 0;
    let inFlight = 0;
    let target = 1;

    const one = async (r: number): Promise<void> => {
      const picks = Array.from({ length: PER_REQUEST }, () => Math.floor(random() * pool.length));
      const samples = picks.map((p, k) => ({ id: `${r}:${k}:${p}`, ...pool[p] }));
      const body = JSON.stringify({ spec: 'em-sum', samples });
      let res = await post(agent, body);
      while (res.status === 429 && Date.now() - started < DEADLINE_MS) {
        tally.retried++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        res = await post(agent, body);
      }
      if (res.status !== 200) {
        tally.lost += PER_REQUEST;
        return;
      }
      const results = (JSON.parse(res.text) as { results: Array<RewardResult & { id: string }> }).results;
      if (results.length !== PER_REQUEST) tally.lost += Math.max(0, PER_REQUEST - results.length);
      results.forEach((result, k) => {
        if (seen.has(result.id)) tally.duplicated++;
        seen.add(result.id);
        const { id, ...rest } = result;
        const p = picks[k] as number;
        if (id !== `${r}:${k}:${p}` || JSON.stringify(rest) !== JSON.stringify(expected[p])) tally.swapped++;
        else tally.ok++;
      });
    };

    await new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        if (Date.now() - started > DEADLINE_MS) {
          reject(new Error(`deadline passed after ${sent} requests`));
          return;
        }
        while (inFlight < target && sent < REQUESTS) {
          const r = sent++;
          inFlight++;
          one(r).then(
            () => {
              inFlight--;
              if (r % 97 === 0) target = 1 + Math.floor(random() * MAX_CONCURRENCY); // random concurrency
              if (sent === REQUESTS && inFlight === 0) resolve();
              else pump();
            },
            (err: unknown) => reject(err),
          );
        }
      };
      pump();
    });
    agent.destroy();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `load: ${REQUESTS} requests x ${PER_REQUEST} samples in ${seconds.toFixed(1)} s ` +
        `(${Math.round(REQUESTS / seconds)} req/s, ${Math.round((REQUESTS * PER_REQUEST) / seconds)} samples/s), ` +
        `${tally.retried} retried after 429`,
    );
    expect(tally).toMatchObject({ ok: REQUESTS * PER_REQUEST, lost: 0, duplicated: 0, swapped: 0 });
  });
});
