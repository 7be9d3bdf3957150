import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { input, registry, run, scores, withScore } from '../../test/shaping/run.js';
import { codePointLength, dapoOverlong, openrlhfOverlong, targetLengthPenalty, trlSoftOverlong } from './length.js';
import {
  dapoOverlongNode,
  openrlhfOverlongNode,
  targetLengthPenaltyNode,
  trlSoftOverlongNode,
} from './length-nodes.js';

const chars = { unit: 'chars' };
const typical = [
  { prompt: 'q', response: 'short' },
  { prompt: 'q', response: 'x'.repeat(30) },
  { prompt: 'q', response: 'y', metadata: { response_tokens: 28 } },
];
contractSuite(dapoOverlongNode, {
  node: { kind: 'dapo-overlong', params: { maxLength: 20, buffer: 8, ...chars } },
  samples: typical,
});
contractSuite(openrlhfOverlongNode, {
  node: { kind: 'openrlhf-overlong', params: { maxLength: 20, buffer: 8 } },
  samples: typical,
});
contractSuite(trlSoftOverlongNode, {
  node: { kind: 'trl-soft-overlong', params: { maxLength: 20, cache: 8, ...chars } },
  samples: typical,
});
contractSuite(targetLengthPenaltyNode, {
  node: { kind: 'target-length-penalty', params: { target: 10, ...chars } },
  samples: typical,
});

describe('length formulas, pinned to the anchors', () => {
  it('verl DAPO: linear over the buffer, uncapped past L_max (recipe 20480/4096/1.0)', () => {
    expect(dapoOverlong(16384, 20480, 4096, 1)).toBe(0);
    expect(dapoOverlong(10000, 20480, 4096, 1)).toBe(0);
    expect(dapoOverlong(18432, 20480, 4096, 1)).toBe(-0.5);
    expect(dapoOverlong(20480, 20480, 4096, 1)).toBe(-1);
    expect(dapoOverlong(22528, 20480, 4096, 1)).toBe(-1.5);
    expect(dapoOverlong(18432, 20480, 4096, 0.5)).toBe(-0.25);
  });

  it('OpenRLHF: the same ramp, capped at −factor', () => {
    expect(openrlhfOverlong(16384, 20480, 4096, 1)).toBe(0);
    expect(openrlhfOverlong(18432, 20480, 4096, 1)).toBe(-0.5);
    expect(openrlhfOverlong(22528, 20480, 4096, 1)).toBe(-1);
    expect(openrlhfOverlong(99999, 20480, 4096, 2)).toBe(-2);
  });

  it('TRL soft overlong punishment: 0, ramp to −1 over the cache, −1 beyond', () => {
    expect(trlSoftOverlong(16, 20, 4)).toBe(0);
    expect(trlSoftOverlong(18, 20, 4)).toBe(-0.5);
    expect(trlSoftOverlong(20, 20, 4)).toBe(-1);
    expect(trlSoftOverlong(21, 20, 4)).toBe(-1);
    expect(trlSoftOverlong(1000, 20, 4)).toBe(-1);
  });

  it('target-relative penalty (reconstruction): −λ·max(0, (L − T)/T)^p', () => {
    expect(targetLengthPenalty(80, 100, 1, 1)).toBe(0);
    expect(targetLengthPenalty(150, 100, 1, 1)).toBe(-0.5);
    expect(targetLengthPenalty(150, 100, 1, 2)).toBe(-0.25);
    expect(targetLengthPenalty(300, 100, 0.5, 1)).toBe(-1);
  });

  it('counts characters as code points', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('🎉é')).toBe(2);
    expect(codePointLength('\uD800x')).toBe(2);
  });
});

describe('length nodes', () => {
  it('score the penalty alone, or add it to a child reward, and report the length', async () => {
    const samples = [withScore(1, { response: 'x'.repeat(18) }), withScore(1, { response: 'x'.repeat(25) })];
    const params = { maxLength: 20, buffer: 4, ...chars };
    expect(scores(await run({ kind: 'dapo-overlong', params }, samples))).toEqual([-0.5, -2.25]); // 25 − 16 = 9 over a buffer of 4
    const withChild = await run({ kind: 'openrlhf-overlong', params, reward: input() }, samples);
    expect(scores(withChild)).toEqual([0.5, 0]);
    expect(withChild[0]?.details).toEqual({ length: 18, unit: 'chars', penalty: -0.5, input: 1 });
  });

  it('reads token counts from metadata.response_tokens, or counts them with a tiktoken encoding', async () => {
    const node = { kind: 'trl-soft-overlong', params: { maxLength: 20, cache: 4 } };
    const [a, b] = await run(node, [
      { prompt: 'q', response: 'hi', metadata: { response_tokens: 18 } },
      { prompt: 'q', response: 'hi' },
    ]);
    expect(a?.score).toBe(-0.5);
    expect(b).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(b?.message).toMatch(/metadata\.response_tokens or params\.tokenizer/);
    const [c] = await run({ ...node, params: { maxLength: 3, cache: 2, tokenizer: 'cl100k_base' } }, [
      { prompt: 'q', response: 'hello world' },
    ]);
    expect(c?.details).toMatchObject({ length: 2, unit: 'tokens', penalty: -0.5 });
  });

  it('takes the unit by name, and documents it and the tokenizer', async () => {
    const tokens = { kind: 'dapo-overlong', params: { maxLength: 20, buffer: 4, unit: 'tokens' } };
    const [r] = await run(tokens, [{ prompt: 'q', response: 'hi', metadata: { response_tokens: 18 } }]);
    expect(r).toMatchObject({ score: -0.5, details: { length: 18, unit: 'tokens' } });
    const entry = registry.describe().find((d) => d.kind === 'dapo-overlong');
    const schema = entry?.params as { properties?: Record<string, { description?: string }> } | undefined;
    expect(schema?.properties?.unit?.description).toMatch(/^count Unicode characters, or tokens/);
    expect(schema?.properties?.tokenizer?.description).toMatch(/^tiktoken encoding/);
  });

  it('target-length-penalty can penalise only correct answers', async () => {
    const params = { target: 10, onlyAbove: 1, ...chars };
    const samples = [withScore(1, { response: 'x'.repeat(15) }), withScore(0, { response: 'x'.repeat(15) })];
    const results = await run({ kind: 'target-length-penalty', params, reward: input() }, samples);
    expect(scores(results)).toEqual([0.5, 0]);
    expect(results[1]?.details).toMatchObject({ skipped: true, penalty: 0 });
  });

  it('rejects a buffer longer than maxLength at compile time', async () => {
    await expect(run({ kind: 'dapo-overlong', params: { maxLength: 4, buffer: 8 } }, [])).rejects.toThrow(
      /params\.buffer: buffer must not exceed maxLength/,
    );
    await expect(run({ kind: 'dapo-overlong', params: { buffer: 8 } }, [])).rejects.toThrow(/params\.maxLength/);
  });
});
