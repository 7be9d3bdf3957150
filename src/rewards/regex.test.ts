import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { regex } from './regex.js';

contractSuite(regex, {
  node: { kind: 'regex', params: { pattern: '\\d+' } },
  samples: [
    { prompt: 'q', response: 'it is 42' },
    { prompt: 'q', response: 'no digits' },
  ],
});

contractSuite(regex, {
  node: { kind: 'regex', params: { pattern: 'answer: (\\w+)', flags: 'i', mode: 'capture' } },
  samples: [{ prompt: 'q', response: 'Answer: Paris', reference: 'Paris' }],
});

describe('regex', () => {
  const registry = createRegistry();
  const score = async (response: string, reference: unknown, params = {}) => {
    const root = compileNode({ kind: 'regex', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r;
  };

  it('match searches anywhere, fullmatch needs the whole (trimmed) text', async () => {
    expect((await score('x = 42;', undefined, { pattern: '\\d+' }))?.score).toBe(1);
    expect((await score('x = 42;', undefined, { pattern: '\\d+', mode: 'fullmatch' }))?.score).toBe(0);
    expect((await score('  42\n', undefined, { pattern: '\\d+', mode: 'fullmatch' }))?.score).toBe(1);
  });

  it('applies the i / m / s flags', async () => {
    expect((await score('HELLO', undefined, { pattern: 'hello' }))?.score).toBe(0);
    expect((await score('HELLO', undefined, { pattern: 'hello', flags: 'i' }))?.score).toBe(1);
    expect((await score('a\nb', undefined, { pattern: '^b$' }))?.score).toBe(0);
    expect((await score('a\nb', undefined, { pattern: '^b$', flags: 'm' }))?.score).toBe(1);
    expect((await score('a\nb', undefined, { pattern: 'a.b', mode: 'fullmatch' }))?.score).toBe(0);
    expect((await score('a\nb', undefined, { pattern: 'a.b', mode: 'fullmatch', flags: 's' }))?.score).toBe(1);
  });

  it('capture compares a group (first or last match, by number or name) with the reference', async () => {
    const text = 'Answer: 3\nwait, Answer: 4';
    const p = { pattern: 'Answer: (\\d+)', mode: 'capture' };
    expect(await score(text, '4', p)).toMatchObject({ score: 1, details: { captured: '4' } });
    expect((await score(text, '4', { ...p, occurrence: 'first' }))?.score).toBe(0);
    const named = { pattern: 'Answer: (?P<n>\\d+)', mode: 'capture', group: 'n' };
    expect((await score(text, ['5', '4'], named))?.score).toBe(1);
    expect((await score('x', 'x', { pattern: 'x', mode: 'capture' }))?.score).toBe(1); // no group: whole match
    expect(await score('Answer: The Cat', 'cat', { ...p, pattern: 'Answer: (.+)' })).toMatchObject({ score: 0 });
    expect(
      await score('Answer: The Cat', 'cat', { ...p, pattern: 'Answer: (.+)', compare: 'normalized' }),
    ).toMatchObject({ score: 1 });
    expect((await score('nothing', '4', p))?.details).toMatchObject({ reason: 'no-match' });
  });

  it('takes the pattern from the reference when params has none', async () => {
    expect((await score('order #123', '#\\d{3}'))?.score).toBe(1);
    expect((await score('order #12', ['#\\d{3}', 'order']))?.score).toBe(1);
    const bad = await score('x', '(unclosed');
    expect(bad).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect(bad?.message).toMatch(/missing closing \)/);
    expect((await score('x', undefined))?.code).toBe('no-reference');
  });

  it('rejects a bad pattern at spec time, naming params.pattern', () => {
    const compile = (params: object) => compileNode({ kind: 'regex', params }, registry, { file: 'spec.yaml' });
    expect(() => compile({ pattern: '(a' })).toThrow(/spec\.yaml: reward\.params\.pattern: not a valid RE2 pattern/);
    expect(() => compile({ pattern: '(a)\\1' })).toThrow(/params\.pattern/); // backreferences are not linear time
    expect(() => compile({ pattern: '(?=a)' })).toThrow(/params\.pattern/);
    expect(() => compile({ mode: 'capture' })).toThrow(/params\.pattern: capture mode needs/);
    expect(() => compile({ pattern: 'a', flags: 'g' })).toThrow(/params\.flags/);
  });

  it('finishes (a+)+$ on a long hostile string: RE2 does not backtrack', async () => {
    const hostile = `${'a'.repeat(100_000)}!`;
    expect((await score(hostile, undefined, { pattern: '(a+)+$' }))?.score).toBe(0);
    expect((await score(hostile, undefined, { pattern: '(a|aa)*b', mode: 'fullmatch' }))?.score).toBe(0);
    const captured = await score(hostile, 'a', { pattern: '(a)', mode: 'capture' });
    expect(captured?.status).toBe('scored');
    // a pattern that matches the empty string still advances through the text
    expect((await score('abc', '', { pattern: '(x*)', mode: 'capture' }))?.status).toBe('scored');
  });
});
