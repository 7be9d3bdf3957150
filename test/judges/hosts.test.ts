// Every judge kind from spec files (the shipped ones included) through `rewardkit score` and the server,
// against the scripted backend; judge and cache counters in the summary and /metrics.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JUDGE_DEFINITIONS } from '../../src/judges/index.js';
import { parseConfig } from '../../src/server/config.js';
import { createRewardServer } from '../../src/server/server.js';
import { guardedFetch, ScriptedServer } from '../backends/scripted-server.js';
import { anyVerdict, chat } from './scripted-judge.js';

const root = new URL('../..', import.meta.url).pathname;
const server = new ScriptedServer();
const refused: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rk-judge-hosts-'));

// One node per judge kind (hybrid-verifier is exercised by the shipped specs/math-hybrid.yaml).
const TERMS = [
  '{kind: judge-pointwise}',
  '{kind: judge-context}',
  '{kind: judge-pairwise}',
  '{kind: judge-chain-of-rubrics}',
  '{kind: judge-branch-rethink}',
  '{kind: judge-web-action}',
  '{kind: judge-verifier}',
  '{kind: judge-critique}',
  '{kind: judge-tools}',
  '{kind: judge-principles}',
  '{kind: rubric}',
  '{kind: healthbench-rubric, params: {field: healthbench}}',
  '{kind: checklist}',
  '{kind: open-rubrics, params: {field: open, hardRules: ["answers the question"], principles: ["is correct"]}}',
  '{kind: judge-listwise}',
  '{kind: judge-group}',
  '{kind: judge-ensemble, terms: [{kind: judge-pointwise, name: p1}, {kind: judge-pointwise, name: p2, params: {temperature: 0.5}}]}',
];
const SPEC = ['reward:', '  kind: weighted-sum', '  terms:', ...TERMS.map((t) => `    - ${t}`), ''].join('\n');
const KINDS = [...new Set(JUDGE_DEFINITIONS.map((d) => d.kind))].filter((k) => k !== 'hybrid-verifier');

const reference = {
  answer: '42',
  response: 'It is 41.',
  rubric: [{ criterion: 'gives 42', weight: 2 }],
  checklist: ['gives a number'],
  principles: ['is correct'],
  healthbench: [
    { criterion: 'gives 42', points: 4 },
    { criterion: 'is rude', points: -2 },
  ],
};
const samples = [
  { id: 1, prompt: 'What is 6*7?', response: 'It is 42.', reference, group: 'g', metadata: { context: 'a child' } },
  {
    id: 2,
    prompt: 'What is 6*7?',
    response: '<think>6*7=42</think>It is 42, since 6*7=42.',
    reference,
    group: 'g',
    metadata: { context: 'a child' },
  },
  {
    id: 3,
    prompt: 'What is 6*7?',
    response: 'Thought process:',
    reference,
    group: 'g',
    metadata: { context: 'a child' },
  },
];
const mathSamples = [
  { id: 1, prompt: 'What is 6*7?', response: '\\boxed{42}', reference: '42' },
  { id: 2, prompt: 'What is 6*7?', response: 'forty-two', reference: '42' },
  { id: 3, prompt: 'What is 6*7?', response: 'Solution', reference: '42' },
];

beforeAll(async () => {
  await server.start();
  server.script(anyVerdict);
  writeFileSync(join(dir, 'all.yaml'), SPEC);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

function expectEveryKind(results: Array<{ status: string; components?: Record<string, number | null> }>) {
  expect(results).toHaveLength(samples.length);
  for (const r of results) {
    expect(r.status).toBe('scored');
    for (const kind of KINDS) expect(r.components?.[kind], kind).toEqual(expect.any(Number));
  }
  // The master key (sample 3) scored the minimum on every judge, without a call.
  for (const kind of KINDS) expect(results[2]?.components?.[kind], kind).toBe(0);
}

function cli(args: string[], env: Record<string, string>, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...clean, FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const jsonl = (rows: unknown[]) => `${rows.map((s) => JSON.stringify(s)).join('\n')}\n`;
const judgeEnv = () => ({ OPENAI_BASE_URL: `${server.url}/v1`, REWARDKIT_JUDGE_MODEL: 'judge' });

describe('rewardkit score', () => {
  it('scores every judge kind from a spec, counts verdicts and screens, then re-runs from the cache', async () => {
    const env = { ...judgeEnv(), REWARDKIT_CACHE: join(dir, 'cli.sqlite') };
    const first = await cli(['score', '--spec', join(dir, 'all.yaml'), '--in', '-'], env, jsonl(samples));
    expect(first.code, first.stderr).toBe(0);
    expectEveryKind(lines(first.stdout));
    expect(first.stderr).toMatch(/judge default: \d+ verdicts, 0 failed, 17 screened before any call/);
    const calls = server.seen.length;
    const second = await cli(['score', '--spec', join(dir, 'all.yaml'), '--in', '-'], env, jsonl(samples));
    expect(lines(second.stdout)).toEqual(lines(first.stdout));
    expect(second.stderr).toMatch(/backend default: 0 calls, \d+ cache hits, 0 misses/);
    expect(server.seen.length).toBe(calls);
  });

  for (const spec of ['judge', 'verifier', 'math-hybrid']) {
    it(`the shipped specs/${spec}.yaml scores with the default backend from OPENAI_BASE_URL`, async () => {
      const run = await cli(
        ['score', '--spec', `specs/${spec}.yaml`, '--in', '-', '--no-cache'],
        judgeEnv(),
        jsonl(mathSamples),
      );
      expect(run.code, run.stderr).toBe(0);
      const out = lines(run.stdout);
      expect(out.map((r) => r.status)).toEqual(['scored', 'scored', 'scored']);
      expect(out[2].score).toBe(0);
      if (spec === 'math-hybrid') expect(out.map((r) => r.details.path)).toEqual(['rules', 'judge', 'judge']);
    });
  }

  it('a judge spec with no judge configured fails at start, saying how to configure one', async () => {
    const run = await cli(['score', '--spec', 'specs/judge.yaml', '--in', '-'], {}, '');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/calls backend "default", which is not configured \(set OPENAI_BASE_URL/);
  });
});

describe('rewardkit serve', () => {
  const config = (workers: number, cache: string) =>
    parseConfig({
      specs: { all: join(dir, 'all.yaml'), hybrid: join(root, 'specs/math-hybrid.yaml') },
      workers,
      traces: { enabled: false },
      logLevel: 'silent',
      cache: { path: join(dir, cache) },
    });

  for (const workers of [0, 1]) {
    it(`scores every judge kind with ${workers} worker threads; judge counters reach /metrics`, async () => {
      const rs = await createRewardServer({
        config: config(workers, `server-${workers}.sqlite`),
        baseDir: dir,
        file: 'rewardkit.yaml',
        env: judgeEnv(),
        fetch: guardedFetch(() => [server.url], refused),
      });
      try {
        const res = await rs.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'all', samples } });
        expect(res.statusCode).toBe(200);
        expectEveryKind(res.json().results);
        const hybrid = await rs.app.inject({
          method: 'POST',
          url: '/v1/score',
          payload: { spec: 'hybrid', samples: mathSamples },
        });
        expect(hybrid.json().results.map((r: { details: { path: string } }) => r.details.path)).toEqual([
          'rules',
          'judge',
          'judge',
        ]);
        const metrics = (await rs.app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/rewardkit_judge_verdicts_total\{backend="default"\} \d+/);
        expect(metrics).toMatch(/rewardkit_judge_screened_total\{backend="default"\} 18/);
        expect(metrics).toMatch(/rewardkit_backend_cache_total\{backend="default",result="miss"\} \d+/);
      } finally {
        await rs.close();
      }
    });
  }

  it('judge failures are coded per sample and counted apart in /metrics', async () => {
    const rs = await createRewardServer({
      config: parseConfig({ ...config(0, 'fail.sqlite'), specs: { judge: join(root, 'specs/judge.yaml') } }),
      baseDir: dir,
      file: 'rewardkit.yaml',
      env: judgeEnv(),
      fetch: guardedFetch(() => [server.url], refused),
    });
    try {
      server.script(() => ({ body: chat("I'm sorry, I can't grade that.") }));
      const res = await rs.app.inject({
        method: 'POST',
        url: '/v1/score',
        payload: { spec: 'judge', samples: samples.slice(0, 2) },
      });
      expect(res.json().results.map((r: { code: string }) => r.code)).toEqual(['judge-refused', 'judge-refused']);
      const metrics = (await rs.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/rewardkit_judge_failures_total\{backend="default",code="judge-refused"\} 2/);
      expect(metrics).toMatch(/rewardkit_errors_total\{code="judge-refused"\} 2/);
    } finally {
      server.script(anyVerdict);
      await rs.close();
    }
  });

  it('with no judge configured, the judge specs of a spec folder are skipped and the rest served', async () => {
    const rs = await createRewardServer({
      config: parseConfig({
        specDirs: [join(root, 'specs')],
        workers: 0,
        traces: { enabled: false },
        logLevel: 'silent',
      }),
      baseDir: dir,
      file: 'rewardkit.yaml',
      env: {},
    });
    try {
      const names = (await rs.app.inject({ method: 'GET', url: '/v1/specs' }))
        .json()
        .specs.map((s: { name: string }) => s.name);
      expect(names).toContain('math');
      for (const judged of ['judge', 'verifier', 'math-hybrid']) expect(names).not.toContain(judged);
    } finally {
      await rs.close();
    }
  });
});
