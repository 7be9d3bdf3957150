// Every model reward kind from a spec file, through `rewardkit score` and the server, against the scripted backend.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides, envOverrides, parseConfig } from '../../src/server/config.js';
import { createRewardServer } from '../../src/server/server.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { plannedServer } from './planned-server.js';
import { chatLogprobReply, echoReply, type SeenRequest } from './scripted-server.js';

const planned = plannedServer();
const { server } = planned;
const dir = mkdtempSync(join(tmpdir(), 'rk-hosts-'));

const KINDS = ['reward-model', 'ordinal-logprob', 'g-eval', 'follow-up-likelihood', 'implicit-prm-model', 'endogenous'];

function reply(req: SeenRequest) {
  if (req.path === '/v1/chat/completions') {
    return { body: chatLogprobReply({ '3': Math.log(0.5), '4': Math.log(0.3), '5': Math.log(0.2) }) };
  }
  if (req.path === '/v1/completions') {
    return { body: echoReply(req.body.prompt, () => (req.body.model === 'pi' ? -0.2 : -0.4)) };
  }
  if (req.path === '/pooling')
    return { body: { object: 'list', data: [{ index: 0, object: 'pooling', data: [1.25] }] } };
  return undefined;
}

/** A spec with one node of every model kind; `withRm` false leaves the rm backend to the server config. */
function specText(withRm: boolean): string {
  const backends = [
    '  default: {baseUrl: "URL/v1", model: judge, retries: 0}',
    '  policy: {baseUrl: "URL/v1", model: pi, retries: 0}',
    '  reference: {baseUrl: "URL/v1", model: ref, retries: 0}',
    ...(withRm ? ['  rm: {api: vllm-pooling, baseUrl: "URL", retries: 0}'] : []),
  ];
  const terms = KINDS.map((kind) =>
    kind === 'follow-up-likelihood'
      ? `    - {kind: ${kind}, params: {dimensions: [correctness]}}`
      : kind === 'endogenous'
        ? `    - {kind: ${kind}, params: {source: backend}}`
        : `    - {kind: ${kind}}`,
  );
  return ['backends:', ...backends, 'reward:', '  kind: weighted-sum', '  terms:', ...terms, '']
    .join('\n')
    .replaceAll('URL', server.url);
}

const samples = [
  { id: 1, prompt: 'Add 19 and 5.', response: 'First 19 + 1 = 20.\n\nThen 20 + 4 = 24.' },
  { id: 2, prompt: [{ role: 'user', content: 'Say hi.' }], response: 'Hi there!' },
];

beforeAll(() => {
  server.script(reply);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectEveryKindScored(results: Array<{ status: string; components?: Record<string, number | null> }>) {
  expect(results).toHaveLength(samples.length);
  for (const r of results) {
    expect(r.status).toBe('scored');
    for (const kind of KINDS) expect(r.components?.[kind], kind).toEqual(expect.any(Number));
  }
}

const cli = runCliAsync;

describe('rewardkit score', () => {
  it('scores every model kind from a spec, then serves the re-run from the cache', async () => {
    const spec = join(dir, 'all.yaml');
    writeFileSync(spec, specText(true));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${samples.map((s) => JSON.stringify(s)).join('\n')}\n`);
    const env = { REWARDKIT_CACHE: join(dir, 'cli-cache.sqlite') };
    const first = await cli(['score', '--spec', spec, '--in', input], env);
    expect(first.stderr).toMatch(/backend default: \d+ calls, 0 cache hits/);
    expect(first.code).toBe(0);
    expectEveryKindScored(
      first.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    );
    const calls = server.seen.length;
    expect(calls).toBeGreaterThan(0);
    const second = await cli(['score', '--spec', spec, '--in', input], env);
    const lines = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    expect(lines(second.stdout)).toEqual(lines(first.stdout)); // components arrive in completion order
    expect(second.stderr).toMatch(/backend default: 0 calls, \d+ cache hits, 0 misses/);
    expect(server.seen.length).toBe(calls);
  });

  it('a spec calling an unconfigured backend fails at start, naming it', async () => {
    const spec = join(dir, 'missing.yaml');
    writeFileSync(spec, 'reward: {kind: reward-model}\n');
    const run = await cli(['score', '--spec', spec, '--in', '-'], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/calls backend "rm", which is not configured/);
  });
});

describe('rewardkit serve', () => {
  const config = (workers: number, cache: string) =>
    parseConfig({
      specs: { all: join(dir, 'served.yaml') },
      workers,
      traces: { enabled: false },
      logLevel: 'silent',
      backends: { rm: { api: 'vllm-pooling', baseUrl: server.url, retries: 0 } },
      cache: { path: join(dir, cache) },
    });

  for (const workers of [0, 1]) {
    it(`scores every model kind with ${workers} worker threads; backend counters reach /metrics`, async () => {
      writeFileSync(join(dir, 'served.yaml'), specText(false));
      const rs = await createRewardServer({
        config: config(workers, `server-${workers}.sqlite`),
        baseDir: dir,
        file: 'rewardkit.yaml',
        env: {},
        fetch: planned.guard(),
      });
      try {
        const res = await rs.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'all', samples } });
        expect(res.statusCode).toBe(200);
        expectEveryKindScored(res.json().results);
        const metrics = (await rs.app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/rewardkit_backend_cache_total\{backend="default",result="miss"\} \d+/);
        expect(metrics).toMatch(/rewardkit_backend_requests_total\{backend="rm"\} 2/);
      } finally {
        await rs.close();
      }
    });
  }

  it('a failing backend is a coded error per sample and in /metrics, not a score of 0', async () => {
    writeFileSync(join(dir, 'served.yaml'), 'reward: {kind: reward-model}\n');
    const rs = await createRewardServer({
      config: parseConfig({
        ...config(0, 'x.sqlite'),
        backends: { rm: { api: 'vllm-score', baseUrl: server.url, retries: 0 } },
      }),
      baseDir: dir,
      file: 'rewardkit.yaml',
      env: {},
      fetch: planned.guard(),
    });
    try {
      server.script((req) => (req.path === '/score' ? { status: 503, body: { error: 'down' } } : undefined));
      const res = await rs.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'all', samples } });
      expect(res.json().results.map((r: { code: string }) => r.code)).toEqual(['backend-error', 'backend-error']);
      const metrics = (await rs.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/rewardkit_backend_failures_total\{backend="rm",code="backend-error"\} 2/);
      expect(metrics).toMatch(/rewardkit_errors_total\{code="backend-error"\} 2/);
    } finally {
      server.script(reply);
      await rs.close();
    }
  });

  it('refuses to start when a spec calls a backend nobody configured', async () => {
    writeFileSync(join(dir, 'served.yaml'), 'reward: {kind: g-eval}\n');
    const start = createRewardServer({
      config: parseConfig({ specs: { all: join(dir, 'served.yaml') }, workers: 0, traces: { enabled: false } }),
      baseDir: dir,
      file: 'rewardkit.yaml',
      env: {},
    });
    await expect(start).rejects.toThrow(/backend "default", which is not configured \(set OPENAI_BASE_URL/);
  });
});

it('REWARDKIT_CACHE sets the server cache path, or "off" turns it off', () => {
  const base = parseConfig({});
  expect(base.cache).toEqual({ enabled: true, path: '.rewardkit/cache.sqlite' });
  expect(applyOverrides(base, envOverrides({ REWARDKIT_CACHE: '/tmp/c.sqlite' })).cache.path).toBe('/tmp/c.sqlite');
  expect(applyOverrides(base, envOverrides({ REWARDKIT_CACHE: 'off' })).cache.enabled).toBe(false);
  expect(() => parseConfig({ cache: { enabled: true, file: 'x' } })).toThrow();
});

it('keeps its fixtures out of the repo tree', () => {
  expect(readFileSync(join(dir, 'all.yaml'), 'utf8')).toContain(server.url);
});
