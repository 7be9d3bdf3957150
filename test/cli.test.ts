import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const cli = runCli;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-cli-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const parseLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('rewardkit score', () => {
  const data = write(
    'in.jsonl',
    [
      JSON.stringify({ id: 'a', prompt: 'q', response: 'The answer is Paris.', reference: 'Paris' }),
      '{"id": "b", "prompt": ',
      JSON.stringify({ id: 'c', prompt: 'q', response: 'London', reference: 'Paris' }),
      JSON.stringify({ id: 'd', prompt: 'q' }),
      JSON.stringify({ id: 'e', prompt: 'q', response: 'x' }),
    ].join('\n'),
  );

  it('scores every line in order; a malformed line is an error line with its number', () => {
    const run = cli(['score', '--reward', 'exact-match', '--in', data]);
    expect(run.status).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.map((l) => [l.line, l.status, l.score ?? null])).toEqual([
      [1, 'scored', 1],
      [2, 'error', null],
      [3, 'scored', 0],
      [4, 'error', null],
      [5, 'unscorable', null],
    ]);
    expect(lines[1].code).toBe('invalid-sample');
    expect(lines[1].message).toMatch(/^line 2: not valid JSON/);
    expect(lines[3].message).toBe('line 4: missing field "response"');
    expect(lines[4].code).toBe('no-reference');
    expect(run.stderr).toMatch(/5 samples: scored 2, error 2, unscorable 1/);
  });

  it('writes to --out, remaps field names and reads a spec file', () => {
    const remapped = write(
      'remap.jsonl',
      `${JSON.stringify({ uid: 7, question: 'q', completion: '<answer>4</answer>', answer: '4' })}\n`,
    );
    const spec = write(
      'spec.yaml',
      'reward:\n  kind: gate\n  when: {kind: exact-match, params: {extract: [answer-tag]}, name: tagged}\n  reward: {kind: exact-match}\n',
    );
    const out = join(dir, 'out.jsonl');
    const run = cli([
      'score',
      '--spec',
      spec,
      '--in',
      remapped,
      '--out',
      out,
      '--quiet',
      '--id-field',
      'uid',
      '--prompt-field',
      'question',
      '--response-field',
      'completion',
      '--reference-field',
      'answer',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const [line] = parseLines(readFileSync(out, 'utf8'));
    expect(line).toMatchObject({
      id: 7,
      line: 1,
      status: 'scored',
      score: 1,
      components: { gate: 1, tagged: 1, 'exact-match': 1 },
    });
  });

  it('reads stdin and fails clearly on a bad spec', () => {
    const ok = cli(
      ['score', '--reward', 'exact-match', '--in', '-', '--quiet'],
      '{"prompt":"q","response":"a b","reference":"A  B"}\n',
    );
    expect(parseLines(ok.stdout)[0].score).toBe(1);
    const bad = write('bad.yaml', 'reward:\n  kind: exact-match\n  params:\n    lowercase: 3\n');
    const run = cli(['score', '--spec', bad, '--in', data]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${bad}:4: reward.params.lowercase`);
  });

  it('lists kinds as JSON', () => {
    const run = cli(['kinds', '--json']);
    const kinds = JSON.parse(run.stdout) as Array<{ kind: string; description: string; params: unknown }>;
    expect(kinds.map((k) => k.kind)).toContain('exact-match');
    for (const k of kinds) expect(k.description.length).toBeGreaterThan(0);
  });
});
