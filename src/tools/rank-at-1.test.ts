import { describe, expect, it } from 'vitest';
import { aggregateSteps, rankAt1 } from './rank-at-1.js';

// Hand-computed vectors for ToolComp's rank@1 (top-ranked candidate is correct), ORM vs PRM.
describe('rank@1', () => {
  const problems = [
    [
      { correct: false, orm: 0.9, steps: [0.9, 0.2] },
      { correct: true, orm: 0.6, steps: [0.7, 0.6] },
    ],
    [
      { correct: true, orm: 0.8, steps: [0.5, 0.5] },
      { correct: false, orm: 0.3, steps: [0.9, 0.4] },
    ],
    [
      { correct: true, orm: 0.5, steps: [0.3] },
      { correct: false, orm: 0.5, steps: [0.3] },
    ],
  ];

  it('picks the top candidate per problem; ties count the fraction correct', () => {
    // ORM: wrong, right, tie 1/2 -> 1.5/3. PRM (min): right (0.6 > 0.2), right (0.5 > 0.4), tie 1/2 -> 2.5/3.
    expect(rankAt1(problems, 'orm').rankAt1).toBeCloseTo(0.5);
    expect(rankAt1(problems, 'prm', 'min').rankAt1).toBeCloseTo(2.5 / 3);
    // product: 0.18 vs 0.42 -> right; 0.25 vs 0.36 -> wrong; tie -> 1.5/3.
    expect(rankAt1(problems, 'prm', 'product').rankAt1).toBeCloseTo(0.5);
  });

  it('skips candidates without a score and problems with none', () => {
    const r = rankAt1([[{ correct: true }], [{ correct: true, orm: 1 }, { correct: false }]], 'orm');
    expect(r).toEqual({ rankAt1: 1, problems: 1, skipped: 1 });
    expect(rankAt1([], 'prm').rankAt1).toBeNull();
  });

  it('aggregates step scores', () => {
    expect(aggregateSteps([0.5, 0.8, 0.4], 'min')).toBe(0.4);
    expect(aggregateSteps([0.5, 0.8], 'product')).toBeCloseTo(0.4);
    expect(aggregateSteps([0.5, 0.8], 'mean')).toBeCloseTo(0.65);
    expect(aggregateSteps([0.5, 0.8], 'last')).toBe(0.8);
    expect(aggregateSteps([], 'min')).toBeUndefined();
  });
});
