// Judges on benchmarks by their own protocols: a pairwise judge (both orders) on JudgeBench and RewardBench pairs,
// a listwise judge seeing a RewardBench 2 row's four responses in one call. The judge is a scripted chat server
// that prefers the response with the higher "[q=N]" marker.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';
import { chat } from '../judges/scripted-judge.js';
import { benchWithSpec, FIXTURES } from './helpers.js';

const server = new ScriptedServer();
const dir = mkdtempSync(join(tmpdir(), 'rk-bench-judges-'));
const marks = (text: string) => [...text.matchAll(/\[q=(-?[\d.]+)\]/g)].map((m) => Number(m[1]));

function judge(req: SeenRequest) {
  if (req.path !== '/v1/chat/completions') return undefined;
  const user =
    (req.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')?.content ?? '';
  const candidates = [...user.matchAll(/<candidate id="([^"]+)">([\s\S]*?)<\/candidate>/g)];
  if (candidates.length > 0) {
    const scores = Object.fromEntries(candidates.map((c) => [c[1], Math.min(5, (marks(c[2] as string)[0] ?? 0) + 1)]));
    return { body: chat(JSON.stringify({ scores, 'best-to-worst': Object.keys(scores) })) };
  }
  const [first, second] = marks(user);
  const verdict = (first as number) > (second as number) ? 'A' : (first as number) < (second as number) ? 'B' : 'tie';
  return { body: chat(JSON.stringify({ reasoning: 'compared the two', verdict })) };
}

function judgeSpec(kind: string): string {
  const file = join(dir, `${kind}.yaml`);
  writeFileSync(
    file,
    `backends:\n  default: {baseUrl: "${server.url}/v1", model: judge, retries: 0}\nreward: {kind: ${kind}}\n`,
  );
  return file;
}

beforeAll(async () => {
  await server.start();
  server.script(judge);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('judges on benchmarks', () => {
  it('judgebench, pairwise mode: the judge plays both orders, a tie stays not correct', async () => {
    server.script(judge);
    const { results } = await benchWithSpec(judgeSpec('judge-pairwise'), {
      suite: 'judgebench',
      data: join(FIXTURES, 'judgebench.jsonl'),
      out: join(dir, 'jb'),
      mode: 'pairwise',
    });
    expect(server.seen).toHaveLength(8); // 4 pairs × 2 orders
    expect(server.unplanned).toEqual([]);
    expect(results).toMatchObject({ mode: 'pairwise', score: 0.5, unscored: 0 });
  });

  it('rewardbench, pairwise mode: a judged tie earns 0.5 (run_generative.py), where a scalar tie earns 0', async () => {
    server.script(judge);
    const { results } = await benchWithSpec(judgeSpec('judge-pairwise'), {
      suite: 'rewardbench',
      data: join(FIXTURES, 'rewardbench.jsonl'),
      out: join(dir, 'rb'),
      mode: 'pairwise',
    });
    expect(results.subsets['alpacaeval-easy']?.score).toBe(0.75);
    expect(results.overall).toBeCloseTo(5.5 / 8, 12);
  });

  it('rewardbench2 with a listwise judge: one call sees all four responses of a row', async () => {
    server.script(judge);
    const data = join(dir, 'rb2.jsonl');
    const rows = readFileSync(join(FIXTURES, 'rewardbench2.jsonl'), 'utf8').trim().split('\n').slice(0, 4);
    writeFileSync(data, `${rows.join('\n')}\n`);
    const { results } = await benchWithSpec(judgeSpec('judge-listwise'), {
      suite: 'rewardbench2',
      data,
      out: join(dir, 'rb2'),
    });
    expect(server.seen).toHaveLength(4);
    expect(results.subsets.Factuality?.score).toBeCloseTo(0.5, 12);
    expect(results.subsets.Focus?.score).toBeCloseTo(1 / 3, 12);
  });
});
