// Agent rewards from a spec file through `rewardkit score`, as a trainer's pipeline would run them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../test/backends/scripted-server.js';
import { runCli, runCliAsync } from '../../test/helpers/run-cli.js';
import { chat } from '../../test/judges/scripted-judge.js';

const dir = mkdtempSync(join(tmpdir(), 'rewardkit-agent-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const lines = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const scoresOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).score ?? null);

describe('rewardkit score with agent rewards', () => {
  it('majority-vote scores a JSONL of grouped rollouts', () => {
    const spec = write('vote.yaml', 'reward:\n  kind: majority-vote\n  params: {answer: boxed}\n');
    const data = write(
      'vote.jsonl',
      lines(
        ['\\boxed{4}', '\\boxed{4}', '\\boxed{5}'].map((r, i) => ({ id: i, prompt: 'q', response: r, group: 'g' })),
      ),
    );
    const run = runCli(['score', '--spec', spec, '--in', data, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    expect(scoresOf(run.stdout)).toEqual([1, 1, 0]);
  });

  it('majority-vote with compare: math counts \\frac{1}{2}, 0.5 and 1/2 as one vote', () => {
    const spec = write('vote-math.yaml', 'reward:\n  kind: majority-vote\n  params: {answer: boxed, compare: math}\n');
    const answers = ['\\frac{1}{2}', '0.5', '1/2', '1/3', '1/3'];
    const data = write(
      'vote-math.jsonl',
      lines(answers.map((a, i) => ({ id: i, prompt: 'q', response: `\\boxed{${a}}`, group: 'g' }))),
    );
    const run = runCli(['score', '--spec', spec, '--in', data, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    expect(scoresOf(run.stdout)).toEqual([1, 1, 1, 0, 0]);
  });

  it('c-grpo mixes an outcome reward (contains, on the string reference) with carr-rubric over tool-call trajectories', () => {
    const spec = write(
      'carr.yaml',
      [
        'reward:',
        '  kind: c-grpo',
        '  outcome: {kind: contains}',
        '  rubric: {kind: carr-rubric, params: {rubricsField: carr}}',
      ].join('\n'),
    );
    const reference = {
      rubrics: [{ statement: 'E1 was born in E0', entities: ['E1', 'E0'] }],
      entities: { E0: ['Warsaw'], E1: ['Marie Curie'] },
    };
    const trajectory = (answer: string) => [
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { name: 'search', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'Marie Curie was born in Warsaw.' },
      { role: 'assistant', content: answer },
    ];
    const data = write(
      'carr.jsonl',
      lines(
        ['Marie Curie, born in Warsaw [c1]', 'Warsaw', 'Paris'].map((a, id) => ({
          id,
          metadata: { carr: reference },
          prompt: 'Where was Marie Curie born?',
          response: trajectory(a),
          reference: 'Warsaw',
          group: 'g',
        })),
      ),
    );
    const run = runCli(['score', '--spec', spec, '--in', data, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    // paper mode, α = 0.3: correct and cited 1; correct without rubric support 0.7; wrong 0.
    expect(scoresOf(run.stdout)).toEqual([1, 0.7, 0]);
  });
});

describe('rewardkit score with the judge-based agent rewards', () => {
  const server = new ScriptedServer();
  const verdict = { reasoning: 'r', met: true, rating: 8, confidence: 10, relevance: 10, coherence: 10 };
  beforeAll(async () => {
    await server.start();
    server.script((req) => (req.path === '/v1/chat/completions' ? { body: chat(JSON.stringify(verdict)) } : undefined));
  });
  afterAll(() => server.close());

  it('every judge kind of the family scores a tool-call trajectory from a spec, over real HTTP', async () => {
    const kinds = [
      'trm-faithfulness',
      'ppr-step-judge',
      'slate-step-judge',
      'webrl-outcome',
      'r3-rag',
      'search-r2-density',
      'drm-dimensions',
    ];
    const spec = write(
      'judges.yaml',
      [
        'backends:',
        `  default: {baseUrl: "${server.url}/v1", model: judge, retries: 0}`,
        'reward:',
        '  kind: weighted-sum',
        '  terms:',
        ...kinds.map((k) => `    - {kind: ${k}}`),
        '',
      ].join('\n'),
    );
    const response = [
      {
        role: 'assistant',
        content: 'Let me search.',
        tool_calls: [{ id: 'c1', function: { name: 'search', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'Dune was written by Frank Herbert.' },
      { role: 'assistant', content: 'The author is known. <answer>Frank Herbert</answer>' },
    ];
    const data = write(
      'judges.jsonl',
      lines([{ id: 1, prompt: 'Who wrote Dune?', response, reference: 'Frank Herbert' }]),
    );
    const run = await runCliAsync(['score', '--spec', spec, '--in', data, '--quiet'], {});
    expect(run.code, run.stderr).toBe(0);
    const [row] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(row.status, JSON.stringify(row)).toBe('scored');
    for (const k of kinds) expect(row.components?.[k], k).toEqual(expect.any(Number));
    expect(row.components['webrl-outcome']).toBe(1);
    expect(server.unplanned).toEqual([]);
  });
});
