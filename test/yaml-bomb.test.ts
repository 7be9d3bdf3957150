// A YAML "billion laughs" file is refused with the file, line and column of the alias, in specs and server configs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { RewardError } from '../src/core/codes.js';
import { parseSpec } from '../src/core/spec.js';
import { loadConfigFile } from '../src/server/config.js';

const BOMB = [
  'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

function refusal(run: () => unknown): RewardError {
  try {
    run();
  } catch (err) {
    return err as RewardError;
  }
  throw new Error('expected a refusal');
}

describe('YAML alias bombs', () => {
  it('are refused in a spec at file:line:col', () => {
    const err = refusal(() => parseSpec(`${BOMB}\nreward: { kind: exact-match }\n`, 'bomb.yaml', createRegistry()));
    expect(err).toBeInstanceOf(RewardError);
    expect(err.code).toBe('invalid-spec');
    expect(err.where).toBe('bomb.yaml:2:8');
    expect(err.message).toMatch(/alias bomb/);
  });

  it('are refused in a server config at file:line:col', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rk-bomb-')), 'rewardkit.yaml');
    writeFileSync(file, `${BOMB}\n`);
    const err = refusal(() => loadConfigFile(file));
    expect(err.where).toBe(`${file}:2:8`);
  });

  it('leave ordinary aliases alone', () => {
    const { root } = parseSpec(
      'reward: { kind: exact-match, name: &n em }\ndescription: *n\n',
      's.yaml',
      createRegistry(),
    );
    expect(root.kind).toBe('exact-match');
  });
});
