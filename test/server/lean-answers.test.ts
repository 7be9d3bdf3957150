// Lean answers: `"details": false` on a request, or `details: false` in a spec, leaves `details` out of every
// result (score, components, code and message stay), on every path a body can take: scored on the HTTP
// thread, scored in a worker, read unread in a worker, and scored as an async job (`POST /v1/jobs`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewardServer } from '../../src/server/server.js';
import { emSample, testServer } from './helpers.js';

interface Answer {
  results: Array<Record<string, unknown>>;
}

describe('lean answers', () => {
  let server: RewardServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-lean-'));
    writeFileSync(join(dir, 'em.yaml'), 'reward:\n  kind: exact-match\n');
    writeFileSync(join(dir, 'em-lean.yaml'), 'details: false\nreward:\n  kind: exact-match\n');
    writeFileSync(join(dir, 'math.yaml'), 'reward:\n  kind: math\n');
    server = await testServer({ specDirs: [dir], workers: 1 });
  });
  afterAll(() => server.close());

  const post = async (body: unknown) => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/score',
      headers: { 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.json() as Answer & { error?: { field?: string } } };
  };
  const withoutDetails = (r: Record<string, unknown>) => {
    const { details: _, ...rest } = r;
    return rest;
  };
  const samples = [emSample(1), emSample(3), { ...emSample(4), reference: '' }, { id: 'bad', response: 5 }];

  it('drops details from every result of a request that asks, and changes nothing else', async () => {
    const full = await post({ spec: 'em', samples });
    const lean = await post({ spec: 'em', samples, details: false });
    expect(lean.status).toBe(200);
    expect(full.body.results.some((r) => r.details !== undefined)).toBe(true);
    expect(lean.body.results).toEqual(full.body.results.map(withoutDetails));
    expect(lean.body.results.map((r) => r.status)).toEqual(['scored', 'scored', 'unscorable', 'error']);
    expect(lean.body.results[3]?.message).toContain('samples[3].prompt');
  });

  it("follows the spec's default, which a request may override either way", async () => {
    const bySpec = await post({ spec: 'em-lean', samples });
    const full = await post({ spec: 'em', samples });
    expect(bySpec.body.results).toEqual(full.body.results.map(withoutDetails));
    const asked = await post({ spec: 'em-lean', samples, details: true });
    expect(asked.body.results).toEqual(full.body.results);
  });

  it('is lean when a worker scores the request', async () => {
    const math = [{ id: 1, prompt: 'p', response: '\\boxed{1/2}', reference: '0.5' }];
    const full = await post({ spec: 'math', samples: math });
    expect(full.body.results[0]?.details).toBeDefined();
    const lean = await post({ spec: 'math', samples: math, details: false });
    expect(lean.body.results).toEqual(full.body.results.map(withoutDetails));
  });

  it('is lean for a large body read in a worker, by the request or by the spec', async () => {
    const big = Array.from({ length: 8 }, (_, i) => ({ ...emSample(i), prompt: 'x'.repeat(40_000) }));
    const full = await post({ spec: 'em', samples: big });
    const lean = await post(JSON.stringify({ spec: 'em', samples: big, details: false }));
    const bySpec = await post(JSON.stringify({ spec: 'em-lean', samples: big }));
    expect(full.body.results[0]?.details).toBeDefined();
    expect(lean.body.results).toEqual(full.body.results.map(withoutDetails));
    expect(bySpec.body.results).toEqual(full.body.results.map(withoutDetails));
  });

  it('refuses a details flag that is not a boolean, naming it, on both body paths', async () => {
    const small = await post({ spec: 'em', samples, details: 'no' });
    expect(small.status).toBe(400);
    const big = Array.from({ length: 8 }, (_, i) => ({ ...emSample(i), prompt: 'x'.repeat(40_000) }));
    const large = await post(JSON.stringify({ spec: 'em', samples: big, details: 0 }));
    expect(large.status).toBe(400);
    expect(large.body.error?.field).toBe('details');
  });
  const job = async (body: unknown) => {
    const res = await server.app.inject({ method: 'POST', url: '/v1/jobs', payload: body as object });
    if (res.statusCode !== 202)
      return { status: res.statusCode, body: res.json() as Answer & { error?: { field?: string } } };
    const id = (res.json() as { job_id: string }).job_id;
    for (;;) {
      const got = await server.app.inject({ method: 'GET', url: `/v1/jobs/${id}` });
      const view = got.json() as Answer & { status: string };
      if (view.status === 'done') return { status: 200, body: view };
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('is lean for a job that asks, or whose spec says so, and a job may ask for details back', async () => {
    const full = await job({ spec: 'em', samples });
    expect(full.body.results.some((r) => r.details !== undefined)).toBe(true);
    expect((await job({ spec: 'em', samples, details: false })).body.results).toEqual(
      full.body.results.map(withoutDetails),
    );
    expect((await job({ spec: 'em-lean', samples })).body.results).toEqual(full.body.results.map(withoutDetails));
    expect((await job({ spec: 'em-lean', samples, details: true })).body.results).toEqual(full.body.results);
    expect((await job({ spec: 'em', samples, details: 'no' })).status).toBe(400);
  });
});
