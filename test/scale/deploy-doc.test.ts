// Runs the shell commands of docs/deploy.md ("Step by step") against real Redis and PostgreSQL.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAIN } from './helpers.js';
import { freePort, type PostgresService, type RedisService, startPostgres, startRedis } from './services.js';

const root = new URL('../..', import.meta.url).pathname;
let redis: RedisService;
let pg: PostgresService;

beforeAll(async () => {
  [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), pg?.stop()]);
});

/** The ```sh blocks of the doc, in order. */
function shellBlocks(markdown: string): string {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

it('the deploy doc commands run: two replicas, a job across them, shared traces, a graceful drain', async () => {
  const script = shellBlocks(readFileSync(join(root, 'docs/deploy.md'), 'utf8'));
  expect(script).toContain('rewardkit serve');
  const bin = mkdtempSync(join(tmpdir(), 'rk-deploy-'));
  // `rewardkit` as an installed user has it: one process (exec), so $! is the server's pid.
  writeFileSync(join(bin, 'rewardkit'), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'rewardkit'), 0o755);
  const [a, b] = await Promise.all([freePort(), freePort()]);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    REDIS: redis.url,
    PG: pg.url,
    A: String(a),
    B: String(b),
    HOST: '127.0.0.1',
    REWARDKIT_WORKERS: '0',
    REWARDKIT_LOG_LEVEL: 'error',
  };
  const run = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => run.kill('SIGKILL'), 90_000);
    run.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  const lines = stdout.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('{"ready":true,"jobs":"redis"'))).toHaveLength(2);
  expect(lines).toContain('[{"id":"a","score":1},{"id":"b","score":0}]');
  expect(lines).toContain('exact-match\tscored\t2');
  expect(stderr).toContain('SIGTERM, finishing in-flight requests');
});
