// CLI edge cases from issue 12: a BOM keeps line 1, --out into a missing folder is a clear error,
// and --insecure warns and prints the address it really binds.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers/run-cli.js';

const cli = runCli;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-cli-hardening-'));

describe('rewardkit score edge cases', () => {
  it('keeps line 1 of a file that starts with a UTF-8 byte order mark', () => {
    const file = join(dir, 'bom.jsonl');
    const line = (r: string) => JSON.stringify({ prompt: 'q', response: r, reference: 'paris' });
    writeFileSync(file, `\uFEFF${line('paris')}\n${line('rome')}\n`);
    const run = cli(['score', '--reward', 'exact-match', '--in', file, '--quiet']);
    expect(run.status).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; score: number });
    expect(out.map((o) => [o.line, o.score])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('says which folder is missing for --out, with no stack trace', () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ prompt: 'q', response: 'a', reference: 'a' })}\n`);
    const run = cli(['score', '--reward', 'exact-match', '--in', file, '--out', join(dir, 'no/such/out.jsonl')]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--out .*the folder .*no\/such does not exist/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('rewardkit sandbox', () => {
  it('says how limits hold on this host, and per-process without the sandbox', () => {
    const run = cli(['sandbox', '--json']);
    const reports = JSON.parse(run.stdout) as Array<{ language: string; limits: string; limitsDetail: string }>;
    for (const r of reports) expect(r.limits).toMatch(/^(cgroup-v1|cgroup-v2|per-process)$/);
    const text = cli(['sandbox']);
    expect(text.stdout).toMatch(/python .*limits: (cgroup-v[12]|per-process) \(/);
    const unsafe = JSON.parse(cli(['--unsafe-no-sandbox', 'sandbox', '--json']).stdout) as Array<{ limits: string }>;
    expect(unsafe.map((r) => r.limits)).toEqual(['per-process', 'per-process']);
  });
});

describe('rewardkit serve --insecure', () => {
  it('warns and prints the address it binds, not a loopback URL', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'serve',
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--insecure',
        '--workers',
        '0',
      ],
      { cwd: repoRoot, env: { ...process.env, REWARDKIT_TRACES: 'off', REWARDKIT_LOG_LEVEL: 'silent' } },
    );
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no serving line: ${stderr}`)), 30_000);
      child.stderr.on('data', (d) => {
        stderr += d.toString();
        if (/serving .* on /.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    expect(stderr).toMatch(/WARNING: --insecure: listening on 0\.0\.0\.0 with no bearer token/);
    expect(stderr).toMatch(/serving .* on http:\/\/0\.0\.0\.0:\d+/);
  });
});

describe('rewardkit serve with a worker that cannot start', () => {
  it('listens, then stops and exits 1 with the worker error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-bad-worker-'));
    const module = join(dir, 'bad.mjs');
    writeFileSync(
      module,
      "import { isMainThread } from 'node:worker_threads';\n" +
        "if (!isMainThread) throw new Error('refuses to load in a worker');\nexport const definitions = [];\n",
    );
    writeFileSync(join(dir, 'em.yaml'), 'reward:\n  kind: exact-match\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--specs', dir, '--port', '0', '--extra-kinds', module],
      { cwd: repoRoot, env: { ...process.env, REWARDKIT_TRACES: 'off', REWARDKIT_LOG_LEVEL: 'silent' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    // It listened first (specs on its own thread answer at once), then stopped for the worker.
    expect(stderr).toMatch(/serving em on http:\/\/127\.0\.0\.1:\d+\n[\s\S]*rewardkit: refuses to load in a worker/);
  });
});
