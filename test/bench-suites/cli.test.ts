// `rewardkit bench` and `rewardkit bench compare` as a user runs them: a real CLI process against a scripted
// reward model on loopback; resuming, the backend cache across benchmarks, the paired test, and clear errors.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedServer } from '../backends/scripted-server.js';
import { FIXTURES, markerReply, rmSpec, startRm } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rk-bench-cli-'));
const cache = join(dir, 'cache.sqlite');
const RB1 = join(FIXTURES, 'rewardbench.jsonl');
let server: ScriptedServer;
let spec: string;
let inverse: string;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI and returns how many requests reached the reward model. */
async function counted(args: string[]) {
  server.script(markerReply);
  const r = await cli(args);
  return { ...r, requests: server.seen.length };
}

beforeAll(async () => {
  server = await startRm();
  spec = rmSpec(dir, server);
  inverse = rmSpec(dir, server, 'inverse');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const bench = (out: string, extra: string[] = []) => [
  'bench',
  '--suite',
  'rewardbench',
  '--data',
  RB1,
  '--spec',
  spec,
  '--out',
  join(dir, out),
  '--resamples',
  '200',
  ...extra,
];

describe('rewardkit bench', () => {
  it('scores, writes every file, prints the table (no progress bar off a terminal)', async () => {
    const r = await counted(bench('a', ['--cache', cache]));
    expect(r.stderr).toContain('16 samples scored now, 0 taken');
    expect(r.code).toBe(0);
    expect(r.requests).toBe(16); // 8 pairs, two responses each
    expect(r.stdout).toMatch(/^rewardbench: score 74\.6 \(95% /);
    expect(r.stdout).toContain('| alpacaeval-easy');
    expect(r.stderr).not.toContain('bench [');
    const results = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8'));
    expect(results.score).toBeCloseTo((2 * (0.5 + 1 + 0.5 + 984 / 1148) + 1) / 9, 12);
    expect(Object.keys(results.subsets)).toHaveLength(6);
    expect(
      readFileSync(join(dir, 'a', 'rows.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(8);
    expect(readFileSync(join(dir, 'a', 'report.html'), 'utf8')).toContain('<svg id="subset-bars"');
  });

  it('re-running the folder scores nothing again; an interrupted run resumes where it stopped', async () => {
    const again = await counted(bench('a', ['--no-cache']));
    expect(again.code).toBe(0);
    expect(again.requests).toBe(0);
    expect(again.stderr).toContain('0 samples scored now, 16 taken');
    // an interruption: 5 records written, the 6th torn mid-line
    cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true });
    const lines = readFileSync(join(dir, 'a', 'scores.jsonl'), 'utf8').split('\n');
    writeFileSync(
      join(dir, 'b', 'scores.jsonl'),
      `${lines.slice(0, 5).join('\n')}\n${(lines[5] as string).slice(0, 20)}`,
    );
    const resumed = await counted(bench('b', ['--no-cache']));
    expect(resumed.code).toBe(0);
    expect(resumed.requests).toBe(11);
    expect(readFileSync(join(dir, 'b', 'results.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'a', 'results.json'), 'utf8'),
    );
  });

  it('a second benchmark over the same completions is answered by the backend cache', async () => {
    const r = await counted(bench('c', ['--cache', cache]));
    expect(r.code).toBe(0);
    expect(r.requests).toBe(0);
    expect(r.stderr).toContain('16 samples scored now');
    expect(r.stderr).toMatch(/16 cache hits/);
  });

  it('compare: McNemar and a paired bootstrap between two reward models on the same rows', async () => {
    const b = await counted([
      'bench',
      '--suite',
      'rewardbench',
      '--data',
      RB1,
      '--spec',
      inverse,
      '--out',
      join(dir, 'inv'),
      '--no-cache',
    ]);
    expect(b.code).toBe(0);
    const c = await cli(['bench', 'compare', join(dir, 'a'), join(dir, 'inv'), '--json']);
    expect(c.code).toBe(0);
    const cmp = JSON.parse(c.stdout);
    // A is right on rows 1, 3, 5, 6, 8; the inverse model on 4 and 7; row 2 is a tie for both (wrong)
    expect(cmp.mcnemar).toMatchObject({ b: 5, c: 2, exact: true });
    expect(cmp.mcnemar.p).toBeCloseTo((2 * (1 + 7 + 21)) / 128, 12);
    expect(cmp.pairedBootstrap.difference).toBeCloseTo(3 / 8, 12);
    expect(cmp.rows).toBe(8);
    const text = await cli(['bench', 'compare', join(dir, 'a'), join(dir, 'inv')]);
    expect(text.stdout).toContain('McNemar: 5 rows only A got right, 2 only B');
  });

  it('a row that cannot be scored is reported, counted wrong, and retried on the next run', async () => {
    const data = join(dir, 'fail.jsonl');
    writeFileSync(
      data,
      [
        { id: 1, prompt: 'p', chosen: 'good [q=2]', rejected: 'bad [q=1]', subset: 's' },
        { id: 2, prompt: 'p', chosen: 'good [q=fail]', rejected: 'bad [q=1]', subset: 's' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const args = [
      'bench',
      '--suite',
      'pairs',
      '--data',
      data,
      '--spec',
      spec,
      '--out',
      join(dir, 'fail'),
      '--no-cache',
    ];
    const r = await counted(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: 1 of 2 rows could not be scored/);
    const results = JSON.parse(readFileSync(join(dir, 'fail', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ unscored: 1, score: 0.5 });
    expect((await counted(args)).requests).toBe(1); // only the failed response is asked again
  });

  it('draws a progress bar on a terminal (a pseudo-terminal from util-linux script)', async () => {
    server.script(markerReply);
    const cmd = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...bench('tty', ['--no-cache'])]
      .map((a) => `'${a}'`)
      .join(' ');
    const out = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', cmd, '/dev/null'], {
        cwd: root,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => resolve(text));
    });
    expect(out).toContain('bench [');
    expect(out).toContain('8/8 rows');
    expect(out).toContain('rewardbench: score 74.6');
  });

  it('bad input is a clear error: unknown suite, a misspelt field, another spec in the folder, pairwise on a matrix', async () => {
    const unknown = await cli([
      'bench',
      '--suite',
      'rewardbench3',
      '--data',
      RB1,
      '--spec',
      spec,
      '--out',
      join(dir, 'x'),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown suite "rewardbench3" (suites: rewardbench, rewardbench2');
    const typo = join(dir, 'typo.jsonl');
    writeFileSync(typo, `${JSON.stringify({ id: 1, prompt: 'p', chosen: 'a', rejeced: 'b', subset: 's' })}\n`);
    const t = await cli(['bench', '--suite', 'rewardbench', '--data', typo, '--spec', spec, '--out', join(dir, 'y')]);
    expect(t.stderr).toContain(`${typo}:1: unknown field "rejeced"; did you mean "rejected"?`);
    const other = await cli([
      'bench',
      '--suite',
      'rewardbench',
      '--data',
      RB1,
      '--spec',
      inverse,
      '--out',
      join(dir, 'a'),
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds a run with another spec .*use another --out folder/);
    const pairwise = await cli([
      'bench',
      '--suite',
      'rm-bench',
      '--data',
      join(FIXTURES, 'rm-bench.jsonl'),
      '--spec',
      spec,
      '--out',
      join(dir, 'z'),
      '--mode',
      'pairwise',
    ]);
    expect(pairwise.stderr).toContain('--mode pairwise: rm-bench rows are not single pairs');
    const missing = await cli(['bench', '--suite', 'pairs', '--spec', spec, '--out', join(dir, 'w')]);
    expect(missing.stderr).toContain('bench needs --data');
  });
});
