import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../catalog.js';
import { Runner } from '../../core/runner.js';
import { compileNode } from '../../core/spec.js';

const registry = createRegistry();
const score = async (kind: string, response: string, reference: string | string[]) => {
  const root = compileNode({ kind }, registry, { file: 't' });
  const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
  return r;
};

describe('input bounds of metrics whose cost grows with the product of the lengths', () => {
  it('refuses a TER input past 10,000 characters with a clear invalid-sample', async () => {
    const r = await score('ter', 'word '.repeat(2_001), 'word word');
    expect(r).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(r?.message).toMatch(/^ter: the response has 10,005 characters; it scores at most 10,000/);
    const ref = await score('ter', 'a b', ['a b', 'x'.repeat(10_001)]);
    expect(ref?.message).toMatch(/reference\[1\] has 10,001 characters/);
  });

  it('scores inputs up to the bound', async () => {
    expect((await score('ter', 'the cat sat', 'the cat sat'))?.score).toBe(1);
    expect((await score('edit-similarity', 'x'.repeat(100_000), 'x'.repeat(100_000)))?.score).toBe(1);
    expect((await score('edit-similarity', 'x'.repeat(100_001), 'x'))?.code).toBe('invalid-sample');
    expect((await score('rouge', 'a '.repeat(50_001), 'a'))?.code).toBe('invalid-sample');
  });
});
