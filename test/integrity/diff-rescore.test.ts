// rewardkit diff and rescore end to end: two math profiles on the shipped rollouts, and a real trace
// database (written by the server's TraceStore) scored again with another spec.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiffAccumulator, flipOf } from '../../src/integrity/index.js';
import { TraceStore } from '../../src/server/traces/trace-store.js';
import { repoRoot, runCli } from '../helpers/run-cli.js';

// The strict math spec against the Math-Verify-compatible profile, over the example rollouts.
const strictVsCompat = [
  'diff',
  'specs/math.yaml',
  'examples/integrity/math-compat.yaml',
  '--in',
  'examples/integrity/rollouts.jsonl',
];

describe('rewardkit diff', () => {
  it('finds exactly the rollouts where the strict and the Math-Verify profiles disagree', () => {
    const run = runCli([...strictVsCompat, '--json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    const rows = readFileSync(join(repoRoot, 'examples/integrity/rollouts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const expected = rows.filter((r) => r.metadata.expect !== 'agree');
    expect(report.samples).toBe(rows.length);
    expect(report.agree).toBe(rows.length - expected.length);
    expect(report.disagreements.map((d: { id: string; flip: string }) => [d.id, d.flip])).toEqual(
      expected.map((r) => [r.id, r.metadata.expect]),
    );
    expect(report.flips).toEqual({ '0→1': expected.length });
    expect(report.components.math.changed).toBe(expected.length);
    expect(report.components.math.meanDelta).toBeCloseTo(expected.length / rows.length, 12);
  }, 60_000);

  it('prints a readable report with both sides of each disagreement', () => {
    const run = runCli(strictVsCompat);
    expect(run.stdout).toMatch(/8 samples, 4 agree \(50\.0%\)/);
    expect(run.stdout).toMatch(/line 3 \(chain\): 0→1\n {4}A: scored 0 .*\n {4}B: scored 1/);
  }, 60_000);

  it('classifies status changes and score moves', () => {
    const s = (score: number) => ({ status: 'scored' as const, score });
    expect(flipOf(s(1), s(0))).toBe('1→0');
    expect(flipOf(s(0.5), s(0.2))).toBe('lower');
    expect(flipOf(s(1), { status: 'unscorable', code: 'no-reference' })).toBe('scored→unscorable');
    expect(flipOf({ status: 'error', code: 'timeout' }, s(1))).toBe('error→scored');
    expect(flipOf(s(1), s(1 + 1e-12))).toBeNull();
    const acc = new DiffAccumulator();
    acc.add(1, 'a', { ...s(1), components: { x: 1 } }, { ...s(0), components: { x: 0 } });
    acc.add(2, 'b', { ...s(1), components: { x: 1 } }, { ...s(1), components: { x: 1 } });
    const r = acc.report();
    expect(r).toMatchObject({ samples: 2, agree: 1, agreement: 0.5, flips: { '1→0': 1 } });
    expect(r.components.x).toEqual({ meanDelta: -0.5, changed: 1, n: 2 });
  });
});

describe('rewardkit rescore', () => {
  it('re-scores traced requests with a new spec, diffs against what was served, skips truncated samples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rewardkit-rescore-'));
    const path = join(dir, 'traces.sqlite');
    const store = new TraceStore({ path, sampleRate: 1, retentionDays: 7, maxFieldBytes: 4000 });
    const served = (score: number) => ({ status: 'scored' as const, score, components: { math: score } });
    const chain = { prompt: 'Find x.', response: 'So $x = 5+5+1 = 7 = 11$.', reference: 'x = 11' };
    const plain = { prompt: '2+2?', response: 'It is $\\boxed{4}$.', reference: '4' };
    await store.record({
      requestId: 'r1',
      route: '/v1/score',
      spec: 'math',
      ts: Date.now(),
      durationMs: 1,
      samples: [chain, plain, { prompt: 'long', response: 'x'.repeat(10_000), reference: '1' }],
      results: [served(0), served(1), served(0)],
    });
    await store.record({
      requestId: 'r2',
      route: '/v1/score',
      spec: 'other',
      ts: Date.now(),
      durationMs: 1,
      samples: [plain],
      results: [served(0)],
    });
    store.close();
    const run = runCli([
      'rescore',
      '--traces',
      path,
      '--spec',
      'examples/integrity/math-compat.yaml',
      '--spec-name',
      'math',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.samples).toBe(2);
    expect(report.skipped).toEqual({ 'stored truncated (over the trace size cap)': 1 });
    expect(report.flips).toEqual({ '0→1': 1 });
    expect(report.disagreements[0].id).toBe('r1#0');
  }, 60_000);
});
