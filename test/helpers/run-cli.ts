// Runs `rewardkit` from the source tree in a child process, for tests of the CLI.
import { spawnSync } from 'node:child_process';

/** The repo root: the CLI runs there, so spec paths like `specs/math.yaml` resolve. */
export const repoRoot = new URL('../..', import.meta.url).pathname;

/** Runs the CLI to completion with `input` on stdin and colour off; returns status, stdout and stderr. */
export const runCli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    input,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
