// Agent rewards from a spec file through `rewardkit score`, as a trainer's pipeline would run them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/run-cli.js';

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

  it('c-grpo mixes an outcome (judged upstream, in metadata) with carr-rubric over tool-call trajectories', () => {
    const spec = write(
      'carr.yaml',
      [
        'reward:',
        '  kind: c-grpo',
        '  outcome: {kind: score-input, params: {field: outcome}}',
        '  rubric: {kind: carr-rubric}',
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
          metadata: { outcome: id < 2 ? 1 : 0 },
          prompt: 'Where was Marie Curie born?',
          response: trajectory(a),
          reference,
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
