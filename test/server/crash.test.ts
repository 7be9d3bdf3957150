// kill -9 during heavy trace writes: the database must open cleanly and hold every acknowledged request.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queryTraces } from '../../src/server/traces/trace-query.js';
import { openTraceDb } from '../../src/server/traces/trace-store.js';
import { emSample, SPEC_DIR, TEST_KINDS } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PER_REQUEST = 16;
/** Acknowledged requests before the kill: a count, not a rate, so a slow machine only takes longer. */
const ACKED_BEFORE_KILL = 300;

function startServer(db: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', MAIN, 'serve', '--specs', SPEC_DIR, '--extra-kinds', TEST_KINDS],
      ...['--port', '0', '--workers', '0', '--traces', db],
    ],
    { env: { ...process.env, REWARDKIT_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 120_000); // only a hang bound
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /serving .* on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

function cli(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

function post(agent: Agent, port: number, id: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/score',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-request-id': id },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('trace store under kill -9', () => {
  // No wall-clock deadline of its own: the test timeout (generous for a loaded 2-core CI) bounds it.
  it('keeps every acknowledged request readable', { timeout: 300_000 }, async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rk-crash-')), 'traces.sqlite');
    const { child, port } = await startServer(db);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const body = JSON.stringify({
      spec: 'em-sum',
      samples: Array.from({ length: PER_REQUEST }, (_, i) => emSample(i)),
    });
    const acked: string[] = [];
    let stop = false;
    let n = 0;
    let enough: () => void = () => {};
    const ackedEnough = new Promise<void>((resolve) => (enough = resolve));
    const loops = Array.from({ length: 32 }, async () => {
      while (!stop) {
        const id = `crash-${n++}`;
        try {
          if ((await post(agent, port, id, body)) === 200) acked.push(id);
          if (acked.length >= ACKED_BEFORE_KILL) enough();
        } catch {
          return; // the server is gone
        }
      }
    });
    // Killed on the 300th acknowledgement, with 31 more requests in flight mid-write.
    await Promise.race([ackedEnough, Promise.all(loops)]);
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);

    const reader = openTraceDb(db, true);
    expect(reader.pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = new Map<string, number>();
    for (const row of queryTraces(reader, {})) counts.set(row.request_id, (counts.get(row.request_id) ?? 0) + 1);
    const missing = acked.filter((id) => counts.get(id) !== PER_REQUEST);
    expect(missing).toEqual([]);
    reader.close();

    // `rewardkit traces` reads the crashed database and exports JSONL.
    const exported = await cli(['traces', '--db', db, '--request', acked[0] as string]);
    expect(exported.status).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(PER_REQUEST);
    expect(lines[0]).toMatchObject({ request_id: acked[0], index: 0, spec: 'em-sum', status: 'scored' });
  });
});
