// The bundled build (dist/bundle/, scripts/bundle.mjs) is what bin/rewardkit.js and `npm start` run: it must be
// the same program as dist/cli/main.js. Each check runs both and compares their answers, over the paths where a
// bundle can break: worker-thread entries (scoring, CAS, dashboard queries), files read beside dist/ (the shipped
// config, package.json, the dashboard page, probe data), native addons (SQLite traces) and lazily loaded families.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-cli.js';

const BUNDLE = join(repoRoot, 'dist/bundle/main.js');
const PLAIN = join(repoRoot, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'rk-bundle-'));
const children: ChildProcess[] = [];

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--if-stale'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 240_000);
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const run = (main: string, args: string[]) =>
  spawnSync(process.execPath, [main, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });

const mathLines = [
  { prompt: 'q', response: 'so \\boxed{(x+1)^2}', reference: 'x^2+2x+1' },
  { prompt: 'q', response: 'The answer is \\frac{1}{2}', reference: '0.5' },
  { prompt: 'q', response: '\\boxed{\\lim_{x\\to 0} \\frac{\\sin x}{x}}', reference: '1' }, // the CAS worker decides
  { prompt: 'q', response: '\\boxed{\\int_0^1 x\\,dx}', reference: '1' },
];

describe('dist/bundle', () => {
  it('is what bin/rewardkit.js runs', () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const bin = run(join(repoRoot, 'bin/rewardkit.js'), ['--version']);
    expect(bin.stdout).toBe(run(BUNDLE, ['--version']).stdout);
  });

  it('answers each CLI command as the unbundled build does', () => {
    const input = join(dir, 'math.jsonl');
    writeFileSync(input, mathLines.map((l) => JSON.stringify(l)).join('\n'));
    const commands = [
      ['--version'],
      ['kinds'],
      ['score', '--spec', 'specs/math.yaml', '--in', input, '--quiet'],
      ['score', '--spec', 'specs/format-exact.yaml', '--in', input, '--quiet'],
      ['probe', '--help'],
      ['serve', '--specs', 'specs/nope.yaml'],
    ];
    for (const args of commands) {
      const [bundled, plain] = [run(BUNDLE, args), run(PLAIN, args)];
      expect({ status: bundled.status, stdout: bundled.stdout }, args.join(' ')).toEqual({
        status: plain.status,
        stdout: plain.stdout,
      });
      expect(bundled.stderr.replaceAll(BUNDLE, PLAIN), args.join(' ')).toBe(plain.stderr);
    }
    const math = run(BUNDLE, commands[2] as string[])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(math.map((r) => r.score)).toEqual([1, 1, 1, 0]);
    expect(math[2].details).toMatchObject({ cas: true, decidedBy: 'symbolic' });
  });

  it('serves the shipped config with worker threads and a trace store as the unbundled build does', async () => {
    // An extra kind written against the package (dist/index.js, what `import 'rewardkit'` gives), which is a
    // second copy of rewardkit beside the bundle: its RewardError must keep its code there too.
    const extra = join(dir, 'extra-kinds.mjs');
    writeFileSync(
      extra,
      `import { z } from ${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('zod')).href)};\nimport { defineReward, RewardError, RULE } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/index.js')).href)};\n` +
        "export const definitions = [defineReward({ kind: 'test-down', description: 'always unavailable', params: z.object({}),\n" +
        "  capabilities: { ...RULE }, score() { throw new RewardError('unavailable', 'the service is down'); } })];\n",
    );
    writeFileSync(join(dir, 'down.yaml'), 'reward:\n  kind: test-down\n');
    const [bundled, plain] = await Promise.all([serve(BUNDLE, 'b', extra), serve(PLAIN, 'p', extra)]);
    const post = (url: string, path: string, body: unknown) =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const requests: Array<[string, unknown]> = [
      ['/v1/score', { spec: 'math', samples: mathLines }],
      ['/v1/score', { spec: 'exact-match', samples: [{ prompt: 'q', response: 'Paris', reference: 'paris' }] }],
      ['/v1/score', { spec: 'exact-match', samples: [], detials: true }],
      ['/openrlhf/format-exact', { query: ['q <answer>4</answer>'], prompts: ['q'], labels: ['4'] }],
      ['/v1/score', { spec: 'down', samples: [{ prompt: 'q', response: 'r' }] }],
    ];
    for (const [path, body] of requests) {
      const [a, b] = await Promise.all([post(bundled, path, body), post(plain, path, body)]);
      const [ja, jb] = (await Promise.all([a.json(), b.json()])) as [Record<string, unknown>, Record<string, unknown>];
      delete ja.request_id;
      delete jb.request_id;
      expect({ status: a.status, body: ja }, path).toEqual({ status: b.status, body: jb });
    }
    const scored = (await (await post(bundled, '/v1/score', { spec: 'math', samples: mathLines })).json()) as {
      results: Array<{ score: number }>;
    };
    expect(scored.results.map((r) => r.score)).toEqual([1, 1, 1, 0]);
    const down = (await (
      await post(bundled, '/v1/score', { spec: 'down', samples: [{ prompt: 'q', response: 'r' }] })
    ).json()) as {
      results: Array<{ code: string }>;
    };
    expect(down.results[0]?.code).toBe('unavailable');
    for (const path of ['/', '/v1/dashboard/overview', '/metrics']) {
      const res = await fetch(bundled + path);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      if (path === '/metrics')
        expect(text).toMatch(/^rewardkit_requests_total\{route="\/v1\/score",status="200"\} 5$/m);
      if (path === '/v1/dashboard/overview') expect(JSON.parse(text).traces).toBe(true);
    }
  }, 60_000);
});

/**
 * Starts `main serve` on a free port with one scoring thread, a SQLite trace file, the shipped specs plus the
 * test's `down` spec, and `extra` kinds; resolves to its URL.
 */
function serve(main: string, name: string, extra: string): Promise<string> {
  const specs = ['specs', join(dir, 'down.yaml')].flatMap((p) => ['--specs', p]);
  const args = ['--port', '0', '--workers', '1', '--traces', join(dir, `${name}.sqlite`), '--log-level', 'warn'];
  const child = spawn(process.execPath, [main, 'serve', ...args, ...specs, '--extra-kinds', extra], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const url = /serving .* on (http:\/\/\S+)/.exec(err)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`${main} serve exited ${code}: ${err}`)));
  });
}
