// `data strength` with an ensemble of two reward-model backends over real HTTP (scripted TEI /predict routes),
// run through the CLI as a user would; a backend that fails for one pair leaves that pair to the other member.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../backends/scripted-server.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rk-strength-'));
const server = new ScriptedServer();

// Member A rewards the word "detailed"; member B rewards length, and fails on any text containing "boom".
beforeAll(async () => {
  await server.start();
  server.script((req) => {
    const text = String(req.body.inputs ?? '');
    if (req.path === '/a/predict') return { body: [{ score: text.includes('detailed') ? 2 : 0, label: 'LABEL_0' }] };
    if (req.path === '/b/predict')
      return text.includes('boom')
        ? { status: 500, body: { error: 'boom' } }
        : { body: [{ score: text.length / 100, label: 'LABEL_0' }] };
    return undefined;
  });
});
afterAll(() => server.close());

const cli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

describe('data strength over reward-model backends', () => {
  it('two members, per-pair mean/std, a failing member reported for its pair, cache written', async () => {
    const spec = (name: string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(
        file,
        `backends:\n  rm: {api: tei-predict, baseUrl: "${server.url}/${name}", retries: 0}\nreward: {kind: reward-model, params: {format: plain}}\n`,
      );
      return file;
    };
    const pairs = join(dir, 'pairs.jsonl');
    writeFileSync(
      pairs,
      [
        { prompt: 'q1', chosen: 'a detailed and long answer', rejected: 'short' },
        { prompt: 'q2', chosen: 'short', rejected: 'a detailed and long answer' },
        { prompt: 'q3', chosen: 'detailed boom', rejected: 'x' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const cache = join(dir, 'cache.sqlite');
    const run = await cli(
      [
        'data',
        'strength',
        '--in',
        pairs,
        '--spec',
        spec('a'),
        '--spec',
        spec('b'),
        '--out',
        join(dir, 'out.jsonl'),
        '--report',
        join(dir, 'r.json'),
      ],
      { REWARDKIT_CACHE: cache },
    );
    expect(run.status, run.stderr).toBe(0);
    const rows = readFileSync(join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3);
    const [one, two, three] = rows;
    expect(one.strength.n).toBe(2);
    expect(one.strength.flag).toBe('ok');
    expect(two.strength.flag).toBe('mislabelled');
    expect(two.strength.mean).toBeCloseTo(-one.strength.mean, 12);
    // member b failed on the "boom" side: the pair keeps member a's difference, and says why b is missing
    expect(three.strength.n).toBe(1);
    expect(three.strength.diffs).toEqual([2]);
    expect(three.strength.missing[0].why).toMatch(/chosen error\/backend-error/);
    expect(server.unplanned).toEqual([]);
    expect(existsSync(cache)).toBe(true);
  });
});
