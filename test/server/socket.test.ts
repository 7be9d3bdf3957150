// Against a real listening socket: scoring over HTTP with worker threads, graceful shutdown, the Python client.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewardServer } from '../../src/server/server.js';
import { emSample, testServer } from './helpers.js';

const TOKEN = 'socket-test-token-0123456789';
const CLIENT_DIR = fileURLToPath(new URL('../../clients/python/', import.meta.url));
const CHECK = fileURLToPath(new URL('./fixtures/python_client_check.py', import.meta.url));

let server: RewardServer;
let url: string;
beforeAll(async () => {
  server = await testServer({ workers: 1, auth: { tokens: [TOKEN] } });
  url = await server.listen();
});
afterAll(() => server.close());

function python(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('python3', args, { env: { ...process.env, ...env }, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('over a real socket', () => {
  it('scores through the worker pool', async () => {
    const samples = Array.from({ length: 64 }, (_, i) => emSample(i));
    const res = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ spec: 'em-sum', samples }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = (await res.json()) as { results: Array<{ id: string; status: string; score: number }> };
    expect(body.results.map((r) => r.id)).toEqual(samples.map((s) => s.id));
    expect(body.results.map((r) => r.score)).toEqual(samples.map((_, i) => (i % 3 === 0 ? 0 : 1)));
  });

  it('runs the Python client (verl compute_score, TRL reward_func) against it', async () => {
    // Asynchronous spawn: the server lives in this process and must keep answering.
    const run = await python([CHECK, CLIENT_DIR], { REWARDKIT_URL: url, REWARDKIT_TOKEN: TOKEN });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.single).toBe(1);
    expect(out.single_wrong).toBe(0);
    expect(out.single_dict).toEqual({ score: 0.25, scored: true, 'weighted-sum': 0.25, loose: 1, strict: 0 });
    expect(out.batch).toEqual([1, 0, -1]);
    expect(out.trl_name).toBe('rewardkit_exact_match');
    expect(out.trl).toEqual([1, 0, null]);
    expect(out.specs).toContain('em-sum');
    expect(out.error).toMatchObject({ status: 404, code: 'not-found' });
    expect(out.error.message).toContain('field spec');
    expect(out.unauthorized).toBe(401);
  });

  it('finishes in-flight requests on shutdown, then stops listening', async () => {
    const own = await testServer({ workers: 1 });
    const ownUrl = await own.listen();
    const inFlight = fetch(`${ownUrl}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: 'sleep', samples: [{ prompt: 'q', response: 'r' }] }),
    });
    while (own.ctx.admission.active === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = own.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: Array<{ score: number }> }).results[0]?.score).toBe(1);
    await closing;
    await expect(fetch(`${ownUrl}/health`)).rejects.toThrow();
  });
});
