// Builds servers for tests from fixtures/specs; test-only kinds come from fixtures/test-kinds.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { createRewardServer, type RewardServer } from '../../src/server/server.js';

export const TEST_KINDS = new URL('./fixtures/test-kinds.ts', import.meta.url).pathname;

/** The folder of spec files every test server serves (fixtures/specs/*.yaml). */
export const SPEC_DIR = fileURLToPath(new URL('./fixtures/specs/', import.meta.url));

/** The text of one test spec, by name. */
export function specText(name: string): string {
  return readFileSync(join(SPEC_DIR, `${name}.yaml`), 'utf8');
}

/** A server over the test specs with test kinds loaded; traces off unless a path is given. */
export async function testServer(overrides: Record<string, unknown> = {}): Promise<RewardServer> {
  const config: ServerConfig = parseConfig({
    port: 0,
    specDirs: [SPEC_DIR],
    workers: 0,
    logLevel: 'silent',
    traces: { enabled: false },
    ...overrides,
  });
  return createRewardServer({ config, baseDir: SPEC_DIR, file: undefined, extraModules: [TEST_KINDS] });
}

/** A sample with a known exact-match outcome. */
export function emSample(i: number): { id: string; prompt: string; response: string; reference: string } {
  const answer = `answer ${i % 97}`;
  return {
    id: `s${i}`,
    prompt: `question ${i}`,
    response: `The answer is ${i % 3 === 0 ? 'wrong' : answer}.`,
    reference: answer,
  };
}
