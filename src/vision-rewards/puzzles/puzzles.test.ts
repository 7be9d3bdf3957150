// PC-GRPO puzzle rewards (arXiv 2512.14944). The paper gives no code: the jigsaw share-in-place formula is our
// closest reading (paper-methods §8), exposed as `credit: partial | exact`; rotation and PatchFit are binary as stated.
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../../test/contract.js';
import { createRegistry } from '../../catalog.js';
import { Runner } from '../../core/runner.js';
import { compileNode, type NodeSpec } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';
import { puzzlePatch, puzzleRotation } from './choice.js';
import { jigsawCredit, notAPermutation, puzzleJigsaw } from './jigsaw.js';

const registry = createRegistry();
const run = async (node: NodeSpec, samples: Sample[]) =>
  new Runner().score(compileNode(node, registry, { file: 'test' }), samples);
const scores = async (node: NodeSpec, reference: unknown, responses: string[]) =>
  (
    await run(
      node,
      responses.map((response) => ({ prompt: 'p', response, reference })),
    )
  ).map((r) => (r.status === 'scored' ? r.score : r.status));

contractSuite(puzzleJigsaw, {
  samples: [
    { prompt: 'order the tiles', response: '<answer>2 1 4 3</answer>', reference: [2, 1, 4, 3] },
    { prompt: 'order the tiles', response: '<answer>1 2 4 3</answer>', reference: { permutation: [2, 1, 4, 3] } },
  ],
});
contractSuite(puzzleRotation, { samples: [{ prompt: 'rotation?', response: '<answer>90</answer>', reference: 90 }] });
contractSuite(puzzlePatch, { samples: [{ prompt: 'which patch?', response: '<answer>(C)</answer>', reference: 'C' }] });

describe('puzzle-jigsaw', () => {
  it('gives the share of tiles in place (hand-checked: 2 of 4, 4 of 4, 0 of 4)', async () => {
    expect(jigsawCredit([2, 1, 3, 4], [2, 1, 4, 3])).toBe(0.5);
    expect(
      await scores(
        { kind: 'puzzle-jigsaw' },
        [2, 1, 4, 3],
        ['<answer>2 1 4 3</answer>', '<answer>2, 1, 3, 4</answer>', '<answer>1 2 3 4</answer>'],
      ),
    ).toEqual([1, 0.5, 0]);
  });

  it('reads a grid row by row, 0-based when asked, and exact credit', async () => {
    expect(await scores({ kind: 'puzzle-jigsaw' }, [3, 1, 2, 4], ['<answer>[[3, 1], [2, 4]]</answer>'])).toEqual([1]);
    expect(await scores({ kind: 'puzzle-jigsaw', params: { base: 0 } }, [0, 2, 1], ['<answer>0 2 1</answer>'])).toEqual(
      [1],
    );
    expect(
      await scores({ kind: 'puzzle-jigsaw', params: { credit: 'exact' } }, [2, 1, 4, 3], ['<answer>2 1 3 4</answer>']),
    ).toEqual([0]);
  });

  it('cannot be gamed: repeats, missing, extra or out-of-range tiles and two listed orders all score 0', async () => {
    const truth = [1, 2, 3, 4];
    expect(
      await scores({ kind: 'puzzle-jigsaw' }, truth, [
        '<answer>1 1 1 1</answer>', // a repeat would otherwise get 1/4 for free
        '<answer>1 2 3</answer>',
        '<answer>1 2 3 4 5</answer>',
        '<answer>0 2 3 4</answer>',
        '<answer>1 2 3 4 or 2 1 3 4</answer>',
        '<answer>1.5 2 3 4</answer>',
        '<think>1 2 3 4</think>',
      ]),
    ).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(notAPermutation([1, 1, 2], 3, 1)).toMatch(/repeated/);
  });

  it('reports a reference that is not a permutation as invalid, not a score', async () => {
    expect(await scores({ kind: 'puzzle-jigsaw' }, [1, 1, 2], ['<answer>1 1 2</answer>'])).toEqual(['error']);
  });
});

describe('puzzle-rotation', () => {
  it('is 1 only for the applied rotation, reading degrees mod 360', async () => {
    expect(
      await scores({ kind: 'puzzle-rotation' }, 270, [
        '<answer>270°</answer>',
        '<answer>-90 degrees</answer>',
        '<answer>90</answer>',
      ]),
    ).toEqual([1, 1, 0]);
  });

  it('cannot be gamed by hedging or by an angle the puzzle does not offer', async () => {
    expect(
      await scores({ kind: 'puzzle-rotation' }, 90, ['<answer>90 or 180</answer>', '<answer>45</answer>', 'no idea']),
    ).toEqual([0, 0, 0]);
    expect(await scores({ kind: 'puzzle-rotation' }, 90, ['<answer>90, that is 90 degrees</answer>'])).toEqual([1]);
  });
});

describe('puzzle-patch', () => {
  it('is 1 for the one right option, letters or numbers', async () => {
    expect(
      await scores({ kind: 'puzzle-patch' }, 'C', [
        '<answer>(C)</answer>',
        '<answer>C.</answer>',
        '<answer>B</answer>',
      ]),
    ).toEqual([1, 1, 0]);
    expect(
      await scores({ kind: 'puzzle-patch', params: { labels: 'numbers', count: 3 } }, 2, [
        '<answer>2</answer>',
        '<answer>3</answer>',
      ]),
    ).toEqual([1, 0]);
  });

  it('cannot be gamed: naming several options, or one outside the candidates, scores 0', async () => {
    expect(
      await scores({ kind: 'puzzle-patch' }, 'C', [
        '<answer>C or D</answer>',
        '<answer>A B C D</answer>',
        '<answer>Z</answer>',
      ]),
    ).toEqual([0, 0, 0]);
  });

  it('refuses a reference outside the candidates', async () => {
    expect(await scores({ kind: 'puzzle-patch', params: { count: 2 } }, 'C', ['<answer>C</answer>'])).toEqual([
      'error',
    ]);
  });
});
