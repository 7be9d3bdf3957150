// End to end through the real CLI: a group-level spec scored by `rewardkit score`, and an OpenAI grader
// imported by `rewardkit import-openai`, then scored.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { parseSpec } from '../../src/core/spec.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('shaping through `rewardkit score`', () => {
  it('normalises per group, applies the overlong penalty, and reports a sample without group', () => {
    const out = lines(
      cli('score', '--spec', join(fixtures, 'grpo-format.yaml'), '--in', join(fixtures, 'rollouts.jsonl'), '--quiet'),
    );
    expect(out.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    // p1: exact-match [1, 0, 1] plus DAPO penalty [0, 0, −1.7] (47 chars, buffer 10 ending at 40) → [1, 0, −0.7]
    expect(out[2].components).toMatchObject({ 'dapo-overlong': -0.7, 'dapo-overlong.exact-match': 1 });
    // GRPO (TRL scale_rewards="group", epsilon 0): (r − mean) / unbiased std, worked out by hand here.
    const raw = [1, 0, -0.7];
    const mean = raw.reduce((a, b) => a + b, 0) / 3;
    const std = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    const p1 = out.slice(0, 3).map((r) => r.score as number);
    p1.forEach((v, i) => {
      expect(v).toBeCloseTo(((raw[i] as number) - mean) / std, 12);
    });
    expect(p1[0]).toBeCloseTo(1.053_370_3, 6);
    expect(out[3].score).toBeCloseTo(Math.SQRT1_2, 12);
    expect(out[5]).toMatchObject({ status: 'unscorable', code: 'no-group' });
  });

  it('imports an OpenAI multi grader (`rewardkit import-openai`) into a spec that scores', async () => {
    const yaml = cli('import-openai', join(fixtures, 'openai-multi.json'));
    const { root } = parseSpec(yaml, 'imported.yaml', createRegistry());
    const out = await new Runner().score(root, [
      { prompt: 'capital?', response: 'Paris', metadata: { answer: 'Paris' } },
      { prompt: 'capital?', response: 'It is paris.', metadata: { answer: 'Paris' } },
      { prompt: 'capital?', response: 'Lyon' },
    ]);
    expect(out[0]?.score).toBeCloseTo(1, 12);
    expect(out[1]?.score).toBeCloseTo(0.1, 12);
    expect(out[1]?.components).toMatchObject({ exact: 0, contains: 1 });
    expect(out[2]).toMatchObject({ status: 'unscorable', code: 'missing-input' });
  });
});
