// Math-aware majority votes (compare: math) for majority-vote (TTRL) and co-reward.
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../../test/contract.js';
import { run, scores } from '../../../test/shaping/run.js';
import type { Sample } from '../../core/types.js';
import { coReward } from './co-reward.js';
import { majorityVote } from './majority-vote.js';
import { voteKeys } from './math-votes.js';

const boxed = (group: string, answers: string[], view?: string): Sample[] =>
  answers.map((a) => ({
    prompt: 'q',
    response: `so \\boxed{${a}}`,
    group,
    ...(view ? { metadata: { view } } : {}),
  }));
const MATH = { answer: 'boxed', compare: 'math' };
const ctx = { signal: new AbortController().signal, queued: <T>(w: Promise<T>) => w };
const keysOf = async (answers: string[], casBudget = 16) =>
  voteKeys(answers, { compare: 'math', casBudget, maxAnswerLength: 200 }, ctx);

contractSuite(majorityVote, {
  node: { kind: 'majority-vote', params: MATH },
  samples: [...boxed('a', ['\\frac{1}{2}', '0.5', '3']), ...boxed('b', ['x+1', '1+x', 'y'])],
});
contractSuite(coReward, {
  node: { kind: 'co-reward', params: MATH },
  samples: [...boxed('a', ['\\frac{1}{2}', '0.5', '2'], 'q'), ...boxed('a', ['1/2', '2', '0.5'], 'r')],
});

describe('majority-vote, compare: math (TTRL: answers canonicalised before counting, graded by math equality)', () => {
  it('\\frac{1}{2}, 0.5 and 1/2 are one vote; the exact-string vote splits them and elects 1/3', async () => {
    const group = boxed('a', ['\\frac{1}{2}', '0.5', '1/2', '1/3', '1/3']);
    expect(scores(await run({ kind: 'majority-vote', params: { answer: 'boxed' } }, group))).toEqual([0, 0, 0, 1, 1]);
    const r = await run({ kind: 'majority-vote', params: MATH }, group);
    expect(scores(r)).toEqual([1, 1, 1, 0, 0]);
    expect(r[1]?.details).toMatchObject({ label: '\\frac{1}{2}', answer: '0.5', share: 0.6, casCalls: 0 });
  });

  it('equal expressions vote together (x+1 = 1+x, \\sqrt{2}/2 = 1/\\sqrt{2}); case is kept (X is not x)', async () => {
    const r = await run({ kind: 'majority-vote', params: MATH }, boxed('a', ['x+1', '1+x', '2x', '(x+1)']));
    expect(scores(r)).toEqual([1, 1, 0, 1]);
    const roots = await keysOf(['\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}', '0.7071']);
    expect(roots.keys[0]).toBe(roots.keys[1]);
    expect(roots.keys[2]).not.toBe(roots.keys[0]); // a rounded decimal is not the exact value (strict math)
    const cases = await keysOf(['\\Pi', '\\pi']);
    expect(cases.keys[0]).not.toBe(cases.keys[1]);
  });

  it('\\infty joins no other cluster: it votes only with itself', async () => {
    const k = await keysOf(['\\infty', '1', '\\frac{1}{0.0}', '10^{400}', '\\infty', 'x']);
    expect(new Set(k.keys).size).toBe(5);
    expect(k.keys[0]).toBe(k.keys[4]);
    const r = await run({ kind: 'majority-vote', params: MATH }, boxed('a', ['\\infty', '3', '3', '\\infty', '3']));
    expect(scores(r)).toEqual([0, 1, 1, 0, 1]);
  });

  it('a hedge (1 or 2, x = 1 or x = 2) is its own answer: it adds a vote to neither 1 nor 2 and scores 0', async () => {
    const answers = ['1', '1 or 2', '1', '2', '1, 2', 'x = 1 \\text{ or } x = 2', '2 \\text{ or } 1'];
    const k = await keysOf(answers);
    expect(k.keys[1]).not.toBe(k.keys[0]);
    expect(k.keys[1]).not.toBe(k.keys[3]);
    const r = await run({ kind: 'majority-vote', params: MATH }, boxed('a', answers));
    // The hedges agree with each other as the set {1, 2} (4 votes), a vote like any other; what they
    // cannot do is count for 1 or for 2.
    expect(scores(r)).toEqual([0, 1, 0, 0, 1, 1, 1]);
    const few = await run({ kind: 'majority-vote', params: MATH }, boxed('b', ['1', '1', '1 or 2', '2']));
    expect(scores(few)).toEqual([1, 1, 0, 0]);
    expect(few[0]?.details).toMatchObject({ share: 0.5 });
  });

  it('64 numeric answers cost no CAS call (exact rationals are keyed, never compared)', async () => {
    const answers = Array.from({ length: 64 }, (_, i) =>
      i % 2 === 0 ? `\\frac{${i + 2}}{${2 * (i + 2)}}` : `${(i % 7) / 8}`,
    );
    const k = await keysOf(answers, 0);
    expect(k.casCalls).toBe(0);
    expect(k.undecided).toBe(0);
    expect(k.keys[0]).toBe(k.keys[2]);
    expect(k.keys[0]).toBe(k.keys[11]); // 4/8 = 0.5
  });

  it('casBudget bounds the CAS: past it an undecided pair counts as different, and the count is reported', async () => {
    // The fast judge cannot evaluate \\lfloor: every pair of these needs the CAS.
    const answers = Array.from({ length: 64 }, (_, i) => `\\lfloor ${i}x \\rfloor`);
    const k = await keysOf(answers, 3);
    expect(k.casCalls).toBe(3);
    expect(k.undecided).toBe((64 * 63) / 2 - 3);
    expect(new Set(k.keys).size).toBe(64);
  });

  it('a vote cut short by the batch budget says so (its members are then failed as timeout, not scored)', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const answers = ['\\lfloor x \\rfloor', '\\lfloor 2x \\rfloor'];
    const k = await voteKeys(
      answers,
      { compare: 'math', casBudget: 16, maxAnswerLength: 200 },
      { ...ctx, signal: stopped.signal },
    );
    expect(k).toMatchObject({ aborted: true, casCalls: 0 });
  });

  it('an over-long answer votes only with the identical string', async () => {
    const long = `${'1+'.repeat(150)}1`;
    const k = await voteKeys([long, long, '151'], { compare: 'math', casBudget: 16, maxAnswerLength: 200 }, ctx);
    expect(k.keys[0]).toBe(k.keys[1]);
    expect(k.keys[2]).not.toBe(k.keys[0]);
  });

  it('unknown params get a did-you-mean', async () => {
    await expect(run({ kind: 'majority-vote', params: { compre: 'math' } }, [])).rejects.toThrow(/compre/);
  });
});

describe('co-reward, compare: math', () => {
  it('each view is scored against the other view’s math majority, equal forms counting across views', async () => {
    const samples = [...boxed('g', ['\\frac{1}{2}', '0.5', '2'], 'q'), ...boxed('g', ['1/2', '2', '2/4'], 'r')];
    // Exact strings: every answer of each view differs, so neither view has a majority to score against.
    const exact = await run({ kind: 'co-reward', params: { answer: 'boxed' } }, samples);
    expect(exact.map((x) => x.status)).toEqual(Array(6).fill('unscorable'));
    const r = await run({ kind: 'co-reward', params: MATH }, samples);
    expect(scores(r)).toEqual([1, 1, 0, 1, 0, 1]);
    expect(r[3]?.details).toMatchObject({ label: '\\frac{1}{2}', answer: '1/2' });
  });
});
