// Runs `rewardkit` from the source tree in a child process, for tests of the CLI.
import { spawn, spawnSync } from 'node:child_process';

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

/**
 * Runs the CLI without blocking this process (so an in-process scripted server can answer it), colour off,
 * with the parent's OPENAI_* variables removed and `env` added.
 */
export function runCliAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...clean, FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
