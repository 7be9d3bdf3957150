import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../../test/contract.js';
import { createRegistry } from '../../catalog.js';
import { Runner } from '../../core/runner.js';
import { compileNode, parseSpec } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';
import { bleuReward } from './bleu.js';
import { bleuberiReward } from './bleuberi.js';
import { chrfReward } from './chrf.js';
import { editSimilarityReward } from './edit-similarity.js';
import { rougeReward } from './rouge.js';
import { terReward } from './ter.js';

const samples: Sample[] = [
  { prompt: 'q', response: 'The cat sat on the mat.', reference: 'The cat is on the mat.' },
  { prompt: 'q', response: 'The cat sat on the mat.', reference: ['The cat is on the mat.', 'A cat sat on the mat.'] },
  { prompt: 'q', response: '<think>hmm</think><answer>The cat sat.</answer>', reference: 'The cat sat.' },
  { prompt: 'q', response: 'Completely unrelated words here', reference: 'The cat sat.' },
];

for (const def of [bleuReward, bleuberiReward, chrfReward, terReward, rougeReward, editSimilarityReward]) {
  contractSuite(def, { samples });
}

const registry = createRegistry();
const score = async (kind: string, params: Record<string, unknown>, sample: Omit<Sample, 'prompt'>) => {
  const root = compileNode({ kind, params }, registry, { file: 't' });
  const [r] = await new Runner().score(root, [{ prompt: 'q', ...sample }]);
  return r;
};

describe('text reward kinds', () => {
  it('bleu is sacreBLEU sentence BLEU / 100, with the 0-100 value in details', async () => {
    const r = await score('bleu', {}, { response: 'The cat sat on the mat.', reference: 'The cat is on the mat.' });
    expect(r?.details?.bleu).toBeCloseTo(100 * r!.score!, 12);
    expect(r?.details?.precisions).toEqual([(100 * 6) / 7, (100 * 4) / 6, (100 * 2) / 5, (100 * 1) / 4]);
    const perfect = await score('bleu', {}, { response: 'hello world', reference: 'hello world' });
    expect(perfect?.score).toBe(1); // 100.00000000000004 / 100 is clamped
  });

  it('bleuberi reproduces the paper-methods §7 vectors and gives 0 for an empty prediction', async () => {
    const two = await score(
      'bleuberi',
      {},
      {
        response: 'The cat sat on the mat.',
        reference: ['The cat is on the mat.', 'A cat sat on the mat.'],
      },
    );
    expect(two?.score).toBeCloseTo(0.903602, 6);
    const empty = await score('bleuberi', {}, { response: '  ', reference: 'x' });
    expect(empty).toMatchObject({ status: 'scored', score: 0 });
  });

  it('field: answer scores only the <answer> part, and 0 when there is none', async () => {
    const tagged = await score(
      'chrf',
      { field: 'answer' },
      {
        response: '<think>the cat sat</think><answer>The cat sat.</answer>',
        reference: 'The cat sat.',
      },
    );
    expect(tagged?.score).toBe(1);
    const untagged = await score('chrf', { field: 'answer' }, { response: 'The cat sat.', reference: 'The cat sat.' });
    expect(untagged).toMatchObject({ status: 'scored', score: 0, details: { reason: 'no-answer' } });
  });

  it('every reference blank is unscorable, a wrong shape is an error naming the field', async () => {
    const blank = await score('rouge', {}, { response: 'x', reference: ['', '  '] });
    expect(blank).toMatchObject({ status: 'unscorable', code: 'no-reference' });
    const bad = await score('ter', {}, { response: 'x', reference: [1, 2] });
    expect(bad).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect(bad?.message).toMatch(/^reference: expected a string or a non-empty list of strings/);
  });

  it('ter is max(0, 1 − TER); rouge picks the measure; edit-similarity the best reference', async () => {
    const ter = await score('ter', {}, { response: 'c d a b', reference: 'a b c d' });
    expect(ter).toMatchObject({ score: 0.75, details: { ter: 25, edits: 1 } });
    const recall = await score('rouge', { type: 'rouge1', measure: 'recall' }, { response: 'a', reference: 'a b' });
    expect(recall?.score).toBe(0.5);
    const edit = await score('edit-similarity', {}, { response: 'kitten', reference: ['xxxxxxx', 'sitting'] });
    expect(edit).toMatchObject({ score: 1 - 3 / 7, details: { distance: 3, reference: 1 } });
  });

  it('rejects bad params with the path', () => {
    expect(() => compileNode({ kind: 'rouge', params: { type: 'rougeX' } }, registry, { file: 's.yaml' })).toThrow(
      /params\.type: expected rouge1\.\.rouge9, rougeL or rougeLsum/,
    );
    expect(() => compileNode({ kind: 'bleu', params: { tokenize: 'ja' } }, registry, { file: 's.yaml' })).toThrow(
      /params\.tokenize/,
    );
    expect(() => compileNode({ kind: 'chrf', params: { charOrder: 0 } }, registry, { file: 's.yaml' })).toThrow(
      /charOrder \+ wordOrder/,
    );
  });

  it('runs the README spec: BLEU on the answer, plus chrF++ logged at weight 0', async () => {
    const text = [
      'name: translation-bleu',
      'reward:',
      '  kind: weighted-sum',
      '  terms:',
      '    - kind: bleu',
      '      params: { tokenize: 13a, smooth: exp, field: answer }',
      '    - kind: chrf',
      '      weight: 0',
      '      params: { wordOrder: 2, field: answer }',
    ].join('\n');
    const { root } = parseSpec(text, 'spec.yaml', registry);
    const [r] = await new Runner().score(root, [
      { prompt: 'q', response: '<answer>The cat sat on the mat.</answer>', reference: 'The cat sat on the mat.' },
    ]);
    expect(r?.score).toBe(1);
    expect(r?.components).toMatchObject({ bleu: 1, chrf: 1 });
  });
});
