import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sacrebleuCheck } from '../../src/cli/sacrebleu-check.js';
import { metricOf, pick, selectMode } from '../../src/cli/select.js';

const root = new URL('../..', import.meta.url).pathname;
const fixtures = join(root, 'data/text/sacrebleu');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-text-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('rewardkit sacrebleu-check', () => {
  it('passes on the shipped fixtures, one line per key (CLI)', () => {
    const run = cli(['sacrebleu-check', fixtures]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 31 + 1);
    expect(lines.at(-1)).toMatch(/^31 keys, \d+ values from 232 cases: all within 1e-9$/);
  });

  it('exits 1 and names the key and place when a number is off', () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(sub, 'cases.jsonl'), readFileSync(join(fixtures, 'cases.jsonl')));
    const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8'));
    expected.corpus['chrf:'].score += 2e-9;
    expected.sentence.s3['bleu:effective_order=True'] += 1;
    writeFileSync(join(sub, 'expected.json'), JSON.stringify(expected));
    const { code, lines } = sacrebleuCheck(sub);
    expect(code).toBe(1);
    expect(lines.find((l) => l.startsWith('chrf: '))).toMatch(/2\.00e-9 {2}FAIL \(worst at score\)/);
    expect(lines.find((l) => l.startsWith('bleu:effective_order=True '))).toMatch(/FAIL \(worst at s3\.score\)/);
    expect(lines.at(-1)).toBe('2 of 31 keys differ by more than 1e-9 or could not be checked');
  });

  it('reports unreadable input with the file and line', () => {
    const sub = mkdtempSync(join(dir, 'broken-'));
    writeFileSync(join(sub, 'cases.jsonl'), '{"id": "a", "hyp": "x", "refs": ["y"]}\n{"id": "b", "hyp": 3}\n');
    writeFileSync(join(sub, 'expected.json'), '{}');
    expect(() => sacrebleuCheck(sub)).toThrow(/cases\.jsonl:2: "hyp" must be a string/);
    expect(() => sacrebleuCheck(join(dir, 'missing'))).toThrow(/cannot read .*missing\/cases\.jsonl/);
  });
});

describe('rewardkit select', () => {
  const rows = [0.5, 0.1, 0.9, 0.1, 0.3].map((v, i) => ({
    id: `p${i}`,
    line: i + 1,
    status: 'scored',
    score: v,
    components: { bleu: v },
  }));
  rows.push({ id: 'p5', line: 6, status: 'unscorable' } as never);
  const scored = write('scored.jsonl', `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const data = write(
    'data.jsonl',
    `${[0, 1, 2, 3, 4, 5].map((i) => JSON.stringify({ prompt: `q${i}` })).join('\n')}\n`,
  );

  it('keeps the N lowest-scoring rows (BLEUBERI hard selection), ties in file order', () => {
    const run = cli(['select', '--in', scored, '--metric', 'bleu', '--lowest', '3', '--data', data]);
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).prompt),
    ).toEqual(['q1', 'q3', 'q4']);
    expect(run.stderr).toMatch(/selected 3 of 5 rows by lowest bleu \(1 rows without a numeric "bleu" skipped\)/);
  });

  it('picks highest / middle / seeded random and reads metrics from components or fields', () => {
    const values = [0.5, 0.1, 0.9, 0.1, 0.3].map((value, i) => ({ value, i }));
    expect(pick(values, 'highest', 2).map((r) => r.i)).toEqual([0, 2]);
    expect(pick(values, 'middle', 1).map((r) => r.i)).toEqual([4]);
    expect(pick(values, 'random', 3, 1)).toEqual(pick(values, 'random', 3, 1));
    expect(pick(values, 'random', 9, 1)).toHaveLength(5);
    expect(metricOf({ components: { bleu: 0.2 }, score: 1 }, 'bleu')).toBe(0.2);
    expect(metricOf({ details: { bleu: 42 } }, 'details.bleu')).toBe(42);
    expect(metricOf({ score: null }, 'score')).toBeUndefined();
  });

  it('refuses an ambiguous or malformed mode', () => {
    const base = { seed: '0', sort: 'input' };
    expect(() => selectMode({ ...base, lowest: '1', highest: '1' })).toThrow(/exactly one of --lowest/);
    expect(() => selectMode({ ...base, lowest: '1.5' })).toThrow(/--lowest must be a whole number/);
    expect(() => selectMode({ ...base, random: '2', sort: 'up' })).toThrow(/--sort must be/);
    expect(selectMode({ ...base, middle: '4' })).toEqual({ mode: 'middle', count: 4, seed: 0 });
  });
});
