// `rewardkit --version` answers without loading the commands; everything else still sees all of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers/run-cli.js';

const version = (JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string }).version;

describe('rewardkit --version', () => {
  it('prints the package version, with -V too', () => {
    for (const flag of ['--version', '-V']) {
      const run = runCli([flag]);
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe(version);
    }
  });

  it('still lists every command in --help and runs them', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['score', 'kinds', 'serve']) expect(help.stdout).toMatch(new RegExp(`\\n\\s+${command}\\b`));
    expect(runCli(['kinds']).stdout).toContain('exact-match');
  });
});
