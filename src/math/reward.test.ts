import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { contractSuite, HOSTILE_SAMPLES } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { CasPool } from './pool.js';
import { mathReward } from './reward.js';
import { type MathOptions, verifyMath } from './verify.js';

contractSuite(mathReward, {
  samples: [
    { prompt: 'q', response: 'So the answer is \\boxed{\\frac{1}{2}}.', reference: '0.5' },
    { prompt: 'q', response: 'The answer is 41.', reference: '42' },
    { prompt: 'q', response: '\\boxed{x^2+2x+1}', reference: '(x+1)^2' },
    { prompt: 'q', response: '\\boxed{\\binom{5}{2}}', reference: ['10', '\\text{ten}'] },
  ],
});

const registry = createRegistry();
const score = async (response: string, reference: unknown, params: Record<string, unknown> = {}) => {
  const root = compileNode({ kind: 'math', params }, registry, { file: 't' });
  const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
  return r;
};

describe('math reward', () => {
  it('does not take a determinant for the matrix written inside its bars', async () => {
    const gold = '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}';
    expect(await score(`\\boxed{${gold}}`, gold)).toMatchObject({ status: 'scored', score: 1 });
    const det = '\\boxed{\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}}';
    expect((await score(det, gold))?.score).toBe(0);
    expect((await score(det.replaceAll('vmatrix', 'Vmatrix'), gold))?.score).toBe(0);
  });

  it('says what was extracted from each side and which rule decided', async () => {
    const r = await score('so \\boxed{\\dfrac{6}{8}}', '$\\frac{3}{4}$');
    expect(r).toMatchObject({ status: 'scored', score: 1 });
    expect(r?.details).toMatchObject({
      gold: '\\frac{3}{4}',
      answer: '\\frac{6}{8}',
      extractedBy: 'boxed',
      decidedBy: 'exact',
    });
  });

  it('scores 0 with reason no-answer when nothing can be extracted, never unscorable', async () => {
    for (const response of ['', ' ', ':', 'Thought process:', '解']) {
      const r = await score(response, '42');
      expect(r, JSON.stringify(response)).toMatchObject({
        status: 'scored',
        score: 0,
        details: { reason: 'no-answer' },
      });
    }
  });

  it('is unscorable for a gold answer with nothing in it, and an error for a wrongly shaped one', async () => {
    expect(await score('\\boxed{1}', '$ $')).toMatchObject({ status: 'unscorable', code: 'unparsable-reference' });
    expect(await score('\\boxed{1}', { a: 1 })).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect(await score('\\boxed{1}', undefined)).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });

  it('treats several references as alternatives', async () => {
    expect((await score('\\boxed{0.5}', ['\\frac{1}{3}', '\\frac{1}{2}']))?.score).toBe(1);
    expect((await score('\\boxed{0.4}', ['\\frac{1}{3}', '\\frac{1}{2}']))?.score).toBe(0);
  });

  it('rejects several different final answers unless told to keep the last', async () => {
    const text = '\\boxed{2} hmm, no: \\boxed{3}';
    expect(await score(text, '3')).toMatchObject({ score: 0, details: { reason: 'conflicting-answers' } });
    expect((await score(text, '3', { multiple: 'last' }))?.score).toBe(1);
  });

  it('gives an option-letter gold no credit for a hedge between options', async () => {
    expect((await score('The answer is B.', 'B'))?.score).toBe(1);
    for (const hedge of ['The answer is B or C.', '\\boxed{B \\text{ or } C}', '<answer>(B) or (C)</answer>'])
      expect((await score(hedge, 'B'))?.score, hedge).toBe(0);
  });

  it('applies the list, percent, degree and rounding policies', async () => {
    expect((await score('\\boxed{1728}', '1331, 1728'))?.score).toBe(0);
    expect((await score('\\boxed{1728}', '1331, 1728', { lists: 'any' }))?.score).toBe(1);
    expect((await score('\\boxed{10}', '10\\%'))?.score).toBe(0);
    expect((await score('\\boxed{0.1}', '10\\%', { percent: 'value' }))?.score).toBe(1);
    expect((await score('\\boxed{10}', '10\\%', { percent: 'ignore' }))?.score).toBe(1);
    expect((await score('\\boxed{45^\\circ}', '\\frac{\\pi}{4}'))?.score).toBe(0);
    expect((await score('\\boxed{45^\\circ}', '\\frac{\\pi}{4}', { degrees: 'radians' }))?.score).toBe(1);
    expect((await score('\\boxed{0.333}', '\\frac{1}{3}'))?.score).toBe(0);
    expect((await score('\\boxed{0.333}', '\\frac{1}{3}', { rounding: 'match-digits' }))?.score).toBe(1);
  });

  it('uses the CAS only when the fast path cannot decide', async () => {
    expect((await score('\\boxed{42}', '42'))?.details?.cas).toBeUndefined();
    expect((await score('\\boxed{\\log_2 8}', '3'))?.details).toMatchObject({ decidedBy: 'numeric' });
    expect((await score('\\boxed{\\log_2 8}', '3'))?.details?.cas).toBeUndefined();
    expect((await score('\\boxed{\\sum_{k=1}^{15} k}', '120'))?.details).toMatchObject({
      cas: true,
      decidedBy: 'symbolic',
    });
  });

  it('scores 0 for an over-long answer without parsing it', async () => {
    const r = await score(`\\boxed{${'1+'.repeat(600)}1}`, '601');
    expect(r).toMatchObject({ score: 0, details: { reason: 'answer-too-long' } });
  });

  it('rejects bad params with the path of the field', () => {
    expect(() => compileNode({ kind: 'math', params: { lists: 'some' } }, registry, { file: 'spec.yaml' })).toThrow(
      /spec\.yaml: reward\.params\.lists/,
    );
  });
});

describe('math reward time budget', () => {
  const pool = new CasPool({ size: 1 });
  afterAll(() => pool.close());
  const opts: MathOptions = {
    extract: ['boxed', 'answer-tag', 'final-answer', 'latex', 'last-number'],
    multiple: 'reject',
    lists: 'set',
    chains: 'strict',
    decimalComma: 'unambiguous',
    setRelation: false,
    looseTuples: false,
    floatRounding: 6,
    percent: 'exact',
    degrees: 'ignore',
    rounding: 'exact',
    tolerance: 1e-9,
    timeoutMs: 300,
    maxAnswerLength: 1000,
  };

  it('returns error/timeout for a CAS overrun, replaces the worker and keeps working', async () => {
    // A sum of 100000 terms: compute-engine grinds on it for minutes.
    const slow = await verifyMath('\\ln 3', '\\boxed{\\sum_{n=1}^{100000} \\frac{1}{n^2}}', opts, () => pool);
    expect(slow).toMatchObject({ status: 'error', code: 'timeout' });
    const spawned = pool.spawned;
    const next = await verifyMath('120', '\\boxed{\\sum_{k=1}^{15} k}', { ...opts, timeoutMs: 10_000 }, () => pool);
    expect(next).toMatchObject({ status: 'scored', score: 1 });
    expect(pool.spawned).toBe(spawned + 1);
  });

  it('never throws or hangs on random and hostile strings (fuzz)', async () => {
    const fragments = fc.constantFrom(
      '\\boxed{',
      '}',
      '{',
      '$',
      '\\frac',
      '\\sqrt',
      '^',
      '_',
      '\\left(',
      '\\right)',
      '<think>',
      '</think>',
      '<answer>',
      '</answer>',
      '\\\\',
      '&',
      '\\begin{pmatrix}',
      '\\end{pmatrix}',
      '\\pm',
      '=',
      ',',
      '\\{',
      '\\}',
      '10^{10^{10}}',
      '\\infty',
      '%',
      '°',
      'x',
      '1',
      '0.5',
      ' or ',
      'The answer is ',
      '####',
      '\\text{',
    );
    const hostile = fc.array(fragments, { maxLength: 25 }).map((parts) => parts.join(''));
    const text = fc.oneof(hostile, fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(text, text, async (gold, response) => {
        const r = await verifyMath(gold, response, { ...opts, timeoutMs: 2_000 }, () => pool);
        expect(['scored', 'unscorable', 'error']).toContain(r.status);
        if (r.status === 'scored') expect([0, 1]).toContain(r.score);
        else expect(['unparsable-reference', 'timeout', 'reward-failed']).toContain(r.code);
      }),
      { numRuns: 250, seed: 3 },
    );
  }, 120_000);

  it('survives the shared hostile samples and very long inputs quickly on the main thread', async () => {
    const root = compileNode({ kind: 'math' }, registry, { file: 't' });
    const results = await new Runner().score(root, [
      ...HOSTILE_SAMPLES,
      { prompt: 'q', response: `${'\\[ '.repeat(50_000)} 1`, reference: '1' },
      { prompt: 'q', response: `${'$'.repeat(100_001)}`, reference: '1' },
      { prompt: 'q', response: `${'<answer>'.repeat(30_000)}`, reference: '1' },
      { prompt: 'q', response: `${'\\boxed{'.repeat(30_000)}`, reference: '1' },
      { prompt: 'q', response: `${'1,'.repeat(50_000)}`, reference: '1' },
    ]);
    for (const r of results) expect(r.status === 'scored' || r.code !== 'timeout').toBe(true);
  });
});

describe('math reward and the runner budget', () => {
  it("does not charge a sample for time queued behind other samples' CAS work", async () => {
    const { sharedCasPool } = await import('./pool.js');
    const slots = sharedCasPool().size;
    const registry = createRegistry();
    // Each slow sample holds a CAS worker for its whole 400 ms budget; 3 rounds of them queue the last
    // sample for ~1.2 s, past the runner's 900 ms per-sample budget, while its own CAS work is short.
    const slow = compileNode({ kind: 'math', params: { timeoutMs: 400 } }, registry, { file: 't' });
    const samples = [
      ...Array.from({ length: 3 * slots }, (_, i) => ({
        id: `slow-${i}`,
        prompt: 'q',
        response: `\\boxed{\\sum_{n=1}^{${100_000 + i}} \\frac{1}{n^2}}`,
        reference: '\\ln 3',
      })),
      { id: 'quick', prompt: 'q', response: '\\boxed{\\sum_{k=1}^{15} k}', reference: '120' },
    ];
    const results = await new Runner({ concurrency: samples.length, timeoutMs: 900 }).score(slow, samples);
    expect(results.slice(0, -1).every((r) => r.status === 'error' && r.code === 'timeout')).toBe(true);
    expect(results.at(-1)).toMatchObject({ status: 'scored', score: 1 });
  }, 60_000);
});
