// Builds servers for tests from a temporary folder of spec files; test-only kinds come from fixtures/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { createRewardServer, type RewardServer } from '../../src/server/server.js';

export const TEST_KINDS = new URL('./fixtures/test-kinds.ts', import.meta.url).pathname;

/** Spec files every test server serves. */
export const TEST_SPECS: Record<string, string> = {
  'exact-match': 'reward:\n  kind: exact-match\n',
  'em-sum': [
    'description: two exact-match terms, one case-sensitive',
    'reward:',
    '  kind: weighted-sum',
    '  terms:',
    '    - name: loose',
    '      kind: exact-match',
    '      weight: 0.25',
    '    - name: strict',
    '      kind: exact-match',
    '      weight: 0.75',
    '      params: {lowercase: false}',
  ].join('\n'),
  spin: 'reward:\n  kind: test-spin\n',
  'late-spin': 'reward:\n  kind: test-late-spin\n',
  sleep: 'reward:\n  kind: test-sleep\n  params: {ms: 300}\n',
  'sleep-long': 'reward:\n  kind: test-sleep\n  params: {ms: 1500}\n',
};

/** A temp folder holding TEST_SPECS; returns its path. */
export function specFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rk-specs-'));
  for (const [name, text] of Object.entries(TEST_SPECS)) writeFileSync(join(dir, `${name}.yaml`), text);
  return dir;
}

/** A server over TEST_SPECS with test kinds loaded; traces off unless a path is given. */
export async function testServer(overrides: Record<string, unknown> = {}): Promise<RewardServer> {
  const dir = specFolder();
  const config: ServerConfig = parseConfig({
    port: 0,
    specDirs: [dir],
    workers: 0,
    logLevel: 'silent',
    traces: { enabled: false },
    ...overrides,
  });
  return createRewardServer({ config, baseDir: dir, file: undefined, extraModules: [TEST_KINDS] });
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
