// Replicas for the scale-out tests: in-process servers, or real `rewardkit serve` processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPEC_DIR, TEST_KINDS, testServer } from '../server/helpers.js';

export const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** A replica listening on loopback. */
export interface Replica {
  url: string;
  close(): Promise<void>;
}

/** An in-process replica over the test specs, with `jobs:` (and any other) config overrides. */
export async function inProcessReplica(overrides: Record<string, unknown>): Promise<Replica> {
  const server = await testServer(overrides);
  const url = await server.listen();
  return { url, close: () => server.close() };
}

/** A real `rewardkit serve` process with a config file holding `config` (specs: the test specs). */
export function processReplica(
  config: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<Replica & { child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-replica-'));
  const file = join(dir, 'rewardkit.json');
  writeFileSync(file, JSON.stringify({ specDirs: [SPEC_DIR], workers: 0, logLevel: 'silent', ...config }));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'serve', '--config', file, '--extra-kinds', TEST_KINDS, '--port', '0'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`replica did not start: ${stderr}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1] as string,
          child,
          close: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`replica exited (${code}): ${stderr}`)));
  });
}

/** JSON over loopback: status and parsed body. */
export async function call(url: string, method = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls a job until it is done or cancelled. */
export async function waitJob(base: string, id: string, ms = 30_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { status, body } = await call(`${base}/v1/jobs/${id}`);
    if (status === 200 && (body.status === 'done' || body.status === 'cancelled')) return body;
    if (Date.now() > deadline)
      throw new Error(`job ${id} not finished after ${ms} ms: ${status} ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Samples this replica scored for `spec` (its rewardkit_samples_total). */
export async function samplesScored(base: string, spec: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('rewardkit_samples_total{') && line.includes(`spec="${spec}"`))
      n += Number(line.split(' ').pop());
  }
  return n;
}

/** Samples with ids `j0`…: exact-match ones score 1 on even i, 0 on odd i. */
export function jobSamples(n: number): Array<{ id: string; prompt: string; response: string; reference: string }> {
  return Array.from({ length: n }, (_, i) => ({
    id: `j${i}`,
    prompt: `q${i}`,
    response: i % 2 === 0 ? `a${i}` : 'wrong',
    reference: `a${i}`,
  }));
}
