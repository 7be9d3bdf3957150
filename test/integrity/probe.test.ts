// rewardkit probe end to end: the shipped specs pay no attack; a naive spec is caught, gated by
// --max-fpr, and every finding replays with `rewardkit score`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/integrity/index.js';
import { runCli } from '../helpers/run-cli.js';

const cli = (args: string[]) => runCli(args);

interface Report {
  attacks: Record<string, { tried: number; rewarded: number; fpr: number; inflation: number; unscored: number }>;
  worst: string;
  goodMean: number;
}
const probe = (spec: string, input: string, extra: string[] = []) => {
  const run = cli(['probe', '--spec', spec, '--in', input, '--json', ...extra]);
  expect(run.stderr.replace(/probe: a false-positive rate is above --max-fpr [\d.]+\n/, '')).toBe('');
  return { run, report: JSON.parse(run.stdout) as Report };
};

describe('rewardkit probe', () => {
  const cases: Array<[string, string]> = [
    ['specs/math.yaml', 'examples/integrity/math.jsonl'],
    ['specs/composite.yaml', 'examples/integrity/math.jsonl'],
    ['specs/composite.yaml', 'examples/integrity/r1.jsonl'],
    ['specs/math-r1.yaml', 'examples/integrity/r1.jsonl'],
    ['specs/exact-match.yaml', 'examples/integrity/math.jsonl'],
    ['specs/format-exact.yaml', 'examples/integrity/r1.jsonl'],
  ];
  for (const [spec, input] of cases) {
    it(`${spec} on ${input}: every family tried, none rewarded, known-good responses paid`, () => {
      const { run, report } = probe(spec, input, ['--max-fpr', '0']);
      expect(run.status).toBe(0);
      expect(Object.keys(report.attacks)).toEqual([...FAMILIES]);
      for (const [family, r] of Object.entries(report.attacks)) {
        expect(r.tried, family).toBeGreaterThan(0);
        expect(r.unscored, family).toBe(0);
        expect(r.rewarded, family).toBe(0);
        expect(r.inflation, family).toBeLessThanOrEqual(0);
      }
      expect(report.goodMean).toBeGreaterThan(0.9);
    }, 60_000);
  }

  it('catches a naive "contains the reference" spec, fails the --max-fpr gate, and its findings replay', () => {
    const out = mkdtempSync(join(tmpdir(), 'rewardkit-probe-'));
    const { run, report } = probe('examples/integrity/naive.yaml', 'examples/integrity/math.jsonl', [
      '--max-fpr',
      '0.1',
      '--out',
      out,
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/false-positive rate is above --max-fpr 0.1/);
    expect(report.worst).toBe('answer-stuffing');
    expect(report.attacks['answer-stuffing']?.fpr).toBeGreaterThan(0.1);
    expect(report.attacks['master-keys']?.rewarded).toBe(0);
    // Replaying the written attacks with `rewardkit score` gives the recorded results.
    const file = join(out, 'attacks.jsonl');
    const written = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const replay = cli(['score', '--spec', 'examples/integrity/naive.yaml', '--in', file, '--quiet']);
    const scores = replay.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).score);
    expect(scores).toEqual(written.map((w) => w.result.score));
    const rewarded = written.filter((w) => w.metadata.probe.rewarded);
    expect(rewarded.length).toBe(Object.values(report.attacks).reduce((n, r) => n + r.rewarded, 0));
  }, 60_000);

  it('runs only the families asked for, and names an unknown one', () => {
    const { report } = probe('specs/math.yaml', 'examples/integrity/math.jsonl', ['--attacks', 'master-keys,padding']);
    expect(Object.keys(report.attacks)).toEqual(['master-keys', 'padding']);
    const bad = cli([
      'probe',
      '--spec',
      'specs/math.yaml',
      '--in',
      'examples/integrity/math.jsonl',
      '--attacks',
      'master-key',
    ]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown attack family "master-key" \(did you mean "master-keys"\?\)/);
  }, 60_000);
});
