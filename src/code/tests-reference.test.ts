import { describe, expect, it } from 'vitest';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { parseSpec } from '../core/spec.js';
import { codeReference } from './tests-reference.js';

const message = (value: unknown): string => {
  const parsed = codeReference.safeParse(value);
  if (parsed.success) throw new Error('expected a bad reference');
  return `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
};

describe('code references', () => {
  it('accepts the three shapes, also as JSON text', () => {
    expect(codeReference.parse({ tests: [{ stdout: '1' }] })).toEqual({
      type: 'io',
      cases: [{ stdin: '', stdout: '1' }],
    });
    expect(codeReference.parse('{"assert": "assert f() == 1"}')).toEqual({ type: 'assert', code: 'assert f() == 1' });
    expect(codeReference.parse({ inputs: ['2'], outputs: ['4'] })).toEqual({
      type: 'io',
      cases: [{ stdin: '2', stdout: '4' }],
    });
  });

  it('says which shapes are accepted and what it got, or what is wrong inside the chosen shape', () => {
    expect(message({ test: [] })).toMatch(/expected \{"tests".*\{"assert".*\{"inputs".*got an object with "test"/);
    expect(message('print(1)')).toMatch(/got text that is not JSON/);
    expect(message({ tests: [] })).toBe('tests: expected at least one test case');
    expect(message({ tests: [{ stdin: '1' }] })).toMatch(/^tests\.0\.stdout: /);
    expect(message({ inputs: ['1'], outputs: ['1', '2'] })).toMatch(/same length/);
  });

  it('reaches the result message with the field', async () => {
    const { root } = parseSpec('reward: {kind: code}', 'x.yaml', createRegistry());
    const [result] = await new Runner().score(root, [{ prompt: 'q', response: 'print(1)', reference: { test: [] } }]);
    expect(result).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect(result?.message).toMatch(/^reference: expected \{"tests"/);
  });
});
