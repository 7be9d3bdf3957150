// The global property seed is in force: two runs of the same property draw the same values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('fast-check configuration', () => {
  it('uses the fixed global seed', () => {
    expect(fc.readConfigureGlobal().seed).toBe(20_261_202);
    const draw = () => fc.sample(fc.integer(), { numRuns: 5 });
    expect(draw()).toEqual(draw());
  });
});
