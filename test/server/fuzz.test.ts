// Random bodies through a real server (workers on): every request gets a well-formed answer and the server stays up.
// bench/server/fuzz.ts runs the same generator for 100k+ samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewardServer } from '../../src/server/server.js';
import { answered, fuzzBodies } from './fuzz-bodies.js';
import { testServer } from './helpers.js';

describe('server fuzz', () => {
  let server: RewardServer;
  let url: string;
  beforeAll(async () => {
    server = await testServer({ workers: 1 });
    url = await server.listen();
  });
  afterAll(() => server.close());

  it('answers 150 random bodies, each well-formed, and stays healthy', async () => {
    const next = fuzzBodies(12);
    const bad: string[] = [];
    let samples = 0;
    for (let i = 0; i < 150; i++) {
      const sent = next();
      samples += sent.samples ?? 0;
      const res = await fetch(`${url}/v1/score`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: sent.body,
      });
      const text = await res.text();
      if (!answered(res.status, text, sent))
        bad.push(`${res.status} ${text.slice(0, 300)} <- ${sent.body.slice(0, 200)}`);
    }
    expect(bad).toEqual([]);
    expect(samples).toBeGreaterThan(1000);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
