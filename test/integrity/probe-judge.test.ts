// rewardkit probe against specs/judge.yaml with a real (scripted) OpenAI-compatible judge on loopback:
// with a judge that judges correctly no family is rewarded, and the content-free families (master
// keys, think-only, empty format) are screened before any judge call, even with a judge that gives
// every response full marks.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedCasPool } from '../../src/math/pool.js';
import { mathParams, resolveMathOptions } from '../../src/math/profiles.js';
import { verifyMath } from '../../src/math/verify.js';
import { ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';
import { repoRoot, runCliAsync } from '../helpers/run-cli.js';
import { chat } from '../judges/scripted-judge.js';

const input = join(repoRoot, 'examples/integrity/math.jsonl');
const references = new Map(
  readFileSync(input, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { prompt: string; reference: string })
    .map((r) => [r.prompt, r.reference]),
);
const between = (text: string, tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1];
const userText = (req: SeenRequest) =>
  (req.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')?.content ?? '';
const opts = resolveMathOptions(mathParams.parse({}));

function probe(server: ScriptedServer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous, so this process keeps answering the judge calls the child makes.
  return runCliAsync(['probe', '--spec', 'specs/judge.yaml', '--in', input, '--json'], {
    OPENAI_BASE_URL: `${server.url}/v1`,
    OPENAI_API_KEY: 'test-key',
    REWARDKIT_JUDGE_MODEL: 'judge',
    REWARDKIT_CACHE: join(mkdtempSync(join(tmpdir(), 'rewardkit-judge-')), 'cache.sqlite'),
  });
}

describe('rewardkit probe on specs/judge.yaml', () => {
  const server = new ScriptedServer();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('rewards no attack when the judge judges correctly', async () => {
    // The judge rates 10 exactly when the math reward says the response is right, else 1.
    const verdicts = new Map<string, number>();
    server.script((req) => {
      const text = userText(req);
      const prompt = between(text, 'conversation') ?? '';
      const response = between(text, 'response') ?? '';
      const key = `${prompt}\u0000${response}`;
      return { body: chat(`{"reasoning": "checked", "rating": ${verdicts.get(key) ?? 1}}`) };
    });
    // Precompute the verdicts the scripted judge gives (the script itself must answer synchronously).
    const { seedOf, buildPairs, FAMILIES, materialSchema, nonFiniteSchema } = await import(
      '../../src/integrity/index.js'
    );
    const { parse } = await import('yaml');
    const material = materialSchema.parse(parse(readFileSync(join(repoRoot, 'data/probe/attacks.yaml'), 'utf8')));
    const nonFinite = nonFiniteSchema.parse(
      JSON.parse(readFileSync(join(repoRoot, 'data/math/non-finite-attacks.json'), 'utf8')),
    );
    const rows = readFileSync(input, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const [i, row] of rows.entries()) {
      const seed = seedOf(row, i);
      const responses = [
        seed.good,
        ...buildPairs(seed, FAMILIES, material, nonFinite).flatMap((p) => [p.attack, p.control]),
      ];
      for (const response of responses) {
        const r = await verifyMath(references.get(row.prompt) as string, response, opts, sharedCasPool);
        // The judge sees the response with reasoning removed and delimiters neutralised; key on what it sees.
        verdicts.set(
          `${row.prompt}\u0000${response.replace(/<think>[\s\S]*?<\/think>\s*/g, '').trim()}`,
          r.score === 1 ? 10 : 1,
        );
      }
    }
    const run = await probe(server);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(server.unplanned).toEqual([]);
    expect(report.goodMean).toBeGreaterThan(0.9);
    for (const [family, r] of Object.entries(report.attacks) as Array<[string, { rewarded: number }]>)
      expect(r.rewarded, family).toBe(0);
  }, 120_000);

  it('screens the content-free families before any judge call, even for a judge that gives full marks', async () => {
    server.script(() => ({ body: chat('{"reasoning": "great", "rating": 10}') }));
    const run = await probe(server);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    for (const family of ['master-keys', 'think-only', 'format-only'])
      expect(report.attacks[family].rewarded, family).toBe(0);
    // None of the master keys reached the judge.
    const judged = server.seen.map((req) => (between(userText(req), 'response') ?? '').trim());
    for (const key of [':', 'Thought process:', 'Solution', '解', 'Respuesta']) expect(judged).not.toContain(key);
  }, 120_000);
});
