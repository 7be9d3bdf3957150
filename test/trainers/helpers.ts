// A real rewardkit server on loopback (one worker thread) over the shipped specs plus the trainer fixtures,
// and a runner for the Python replays in fixtures/.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { createRewardServer, type RewardServer } from '../../src/server/server.js';

export const CLIENT_DIR = fileURLToPath(new URL('../../clients/python/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SPEC_DIRS = [fileURLToPath(new URL('../../specs/', import.meta.url)), `${FIXTURES}specs/`];

/** A listening server over specs/ and fixtures/specs/. */
export async function trainerServer(
  overrides: Record<string, unknown> = {},
): Promise<{ server: RewardServer; url: string }> {
  const config = parseConfig({
    port: 0,
    specDirs: SPEC_DIRS,
    workers: 1,
    logLevel: 'silent',
    traces: { enabled: false },
    ...overrides,
  });
  const server = await createRewardServer({ config, baseDir: FIXTURES, file: undefined });
  return { server, url: await server.listen() };
}

/** A trainer server for the calling test file, closed after it; `live.url` is set once it listens. */
export function trainerServerForFile(overrides: Record<string, unknown> = {}): { url: string } {
  const live = { url: '' };
  let server: RewardServer | undefined;
  beforeAll(async () => {
    ({ server, url: live.url } = await trainerServer(overrides));
  });
  afterAll(() => server?.close());
  return live;
}

/** Runs a replay script with python3 and parses the JSON it prints; a non-zero exit fails with its stderr. */
export function replay(script: string, args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [`${FIXTURES}${script}`, ...args], {
      cwd: FIXTURES,
      env: { ...process.env, PYTHONPATH: FIXTURES, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`${script} exited ${status}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as Record<string, any>);
      } catch {
        reject(new Error(`${script} printed no JSON:\n${stdout}\n${stderr}`));
      }
    });
  });
}
