// Shaping at its edges: who counts as grouped, group sizes, length boundaries, code points, step ends.
import { describe, expect, it } from 'vitest';
import { codePointLength, trlSoftOverlong } from '../../src/shaping/length.js';
import { firstError, implicitPrm } from '../../src/shaping/steps.js';
import { input, run, scores, withScore } from './run.js';

describe('groups', () => {
  it('treats a null or empty group id as no group at all', async () => {
    const samples = [
      withScore(1, { group: 'g' }),
      withScore(0, { group: 'g' }),
      withScore(1, { group: null as unknown as string }),
      withScore(1, { group: '' }),
    ];
    const results = await run({ kind: 'dr-grpo', reward: input() }, samples);
    expect(scores(results)).toEqual([0.5, -0.5, null, null]);
    for (const r of results.slice(2)) expect(r).toMatchObject({ status: 'unscorable', code: 'no-group' });
  });

  it('keeps an ungrouped sample’s own failure rather than calling it ungrouped', async () => {
    const results = await run({ kind: 'dr-grpo', reward: input() }, [{ prompt: 'q', response: 'a' }]);
    expect(results[0]?.status).toBe('unscorable');
    expect(results[0]?.code).not.toBe('no-group');
  });

  it('normalises a group of exactly groupSize, and names both sizes when it is not', async () => {
    const group = [withScore(1, { group: 'g' }), withScore(0, { group: 'g' })];
    const node = { kind: 'dr-grpo', params: { groupSize: 2 }, reward: input() };
    expect(scores(await run(node, group))).toEqual([0.5, -0.5]);
    const short = await run({ ...node, params: { groupSize: 3 } }, group);
    expect(short[0]).toMatchObject({
      status: 'unscorable',
      code: 'group-too-small',
      message: 'dr-grpo: the batch holds 2 rollouts of this group, expected 3 (keep a group in one batch)',
    });
  });
});

describe('length', () => {
  it('TRL soft overlong: nothing up to Lmax − cache, a linear ramp to −1 at Lmax (DAPO eq. 13)', () => {
    expect(trlSoftOverlong(0, 20, 10)).toBe(0);
    expect(trlSoftOverlong(5, 20, 10)).toBe(0);
    expect(trlSoftOverlong(10, 20, 10)).toBe(0);
    expect(trlSoftOverlong(15, 20, 10)).toBe(-0.5);
    expect(trlSoftOverlong(20, 20, 10)).toBe(-1);
    expect(trlSoftOverlong(21, 20, 10)).toBe(-1);
  });

  it('counts code points as the string iterator does, lone surrogates one each', () => {
    // Every string of up to three code units from the surrogate boundaries and their neighbours.
    const units = [0x41, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000];
    const strings = [''];
    for (let len = 0; len < 3; len++)
      for (const s of strings.filter((x) => x.length === len))
        for (const u of units) strings.push(s + String.fromCharCode(u));
    for (const s of strings) expect(codePointLength(s), JSON.stringify(s)).toBe([...s].length);
    expect(codePointLength('a😀b')).toBe(3);
  });
});

describe('steps', () => {
  it('implicit PRM: a step ending past the last token gets no value (Yuan et al. 2024, eq. 3)', () => {
    const { q, r } = implicitPrm([-1, -2, -3], [-1.5, -2, -2], [1, 3], 2);
    expect(q).toEqual([1]);
    expect(r).toEqual([1]);
  });

  it('first error: a step scoring exactly the threshold passes', () => {
    expect(firstError([0.5, 0.7, 0.4], 0.5)).toBe(2);
    expect(firstError([0.5, 0.5], 0.5)).toBe(-1);
  });
});
