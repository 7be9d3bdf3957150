import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import type { RewardResult } from '../core/types.js';
import { codeReward } from './code-reward.js';
import { extractCode } from './extract-code.js';
import { codeReference, normalizeOutput } from './tests-reference.js';

const DOUBLE = {
  tests: [
    { stdin: '2\n', stdout: '4\n' },
    { stdin: '5', stdout: '10' },
    { stdin: '-1', stdout: '-2' },
  ],
};

contractSuite(codeReward, {
  samples: [
    { prompt: 'double n', response: '```python\nprint(int(input()) * 2)\n```', reference: DOUBLE },
    { prompt: 'f', response: 'def f(x):\n    return x + 1', reference: { assert: 'assert f(1) == 2' } },
    { prompt: 'double n', response: '```python\nprint(int(input()) + 2)\n```', reference: DOUBLE },
  ],
});

describe('code reward', () => {
  const registry = createRegistry();
  const verdictsOf = (r: RewardResult) =>
    ((r.details?.cases ?? []) as Array<{ verdict: string }>).map((c) => c.verdict);
  const score = async (response: string, reference: unknown, params = {}): Promise<RewardResult> => {
    const root = compileNode({ kind: 'code', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r as RewardResult;
  };

  it('scores the pass rate over stdin/stdout cases, trailing whitespace ignored per line', async () => {
    const r = await score('```py\nn = int(input())\nprint(n * 2 if n > 0 else 0, "  ")\n```', DOUBLE);
    expect(r.score).toBeCloseTo(2 / 3);
    expect(r.details).toMatchObject({
      passed: 2,
      total: 3,
      sandbox: 'bwrap:all-namespaces',
      limits: expect.stringMatching(/^(cgroup-v1|cgroup-v2|per-process)$/),
    });
    const cases = r.details?.cases as Array<{ verdict: string; got?: string; expected?: string }>;
    expect(cases.map((c) => c.verdict)).toEqual(['accepted', 'accepted', 'wrong-answer']);
    expect(cases[2]).toMatchObject({ got: '0   \n', expected: '-2' });
  });

  it('all-or-nothing gives 0 on any failure and 1 when all pass', async () => {
    const wrong = '```python\nprint(abs(int(input())) * 2)\n```';
    expect((await score(wrong, DOUBLE, { score: 'all-or-nothing' })).score).toBe(0);
    expect((await score('print(int(input())*2)', DOUBLE, { score: 'all-or-nothing' })).score).toBe(1);
  });

  it('first-k runs only the first k cases', async () => {
    const r = await score('print(abs(int(input())) * 2)', DOUBLE, { score: 'first-k', k: 2 });
    expect(r.score).toBe(1);
    expect(r.details).toMatchObject({ total: 2 });
  });

  it('runs assert-style tests appended to the program, in JavaScript too', async () => {
    const js = '```javascript\nfunction add(a, b) { return a + b; }\n```';
    const ok = await score(js, { assert: 'if (add(2, 3) !== 5) throw new Error("add");' }, { language: 'javascript' });
    expect(ok.score).toBe(1);
    const bad = await score(js, { assert: 'if (add(2, 3) !== 6) throw new Error("add");' }, { language: 'javascript' });
    expect(bad.score).toBe(0);
    expect(verdictsOf(bad)).toEqual(['runtime-error']);
    const early = await score('def f(x):\n    return 0\nimport sys\nsys.exit(0)', { assert: 'assert f(1) == 2' });
    expect(early.score).toBe(0);
    expect(verdictsOf(early)).toEqual(['wrong-answer']);
  });

  it('reports compile errors per case and scores 0', async () => {
    const r = await score('```python\ndef f(:\n```', DOUBLE);
    expect(r.score).toBe(0);
    const verdicts = verdictsOf(r);
    expect(verdicts).toContain('compile-error');
    expect(verdicts.every((v) => v === 'compile-error' || v === 'skipped')).toBe(true);
  });

  it('accepts APPS-style and JSON-string references', async () => {
    const apps = { inputs: ['3', '4'], outputs: ['9', '16'] };
    expect((await score('print(int(input())**2)', apps)).score).toBe(1);
    expect((await score('print(int(input())**2)', JSON.stringify(apps))).score).toBe(1);
  });

  it('is unscorable without a program and an error for a malformed reference', async () => {
    expect((await score('  ', DOUBLE)).code).toBe('empty-response');
    expect((await score('print(1)', { tests: [] })).code).toBe('invalid-reference');
    expect((await score('print(1)', { tests: [{ stdin: 'x' }] })).code).toBe('invalid-reference');
    expect((await score('no fence here', DOUBLE, { requireFence: true })).details).toMatchObject({
      reason: 'no-code-block',
    });
  });

  it('rejects unknown languages and limits in the spec', () => {
    expect(() => compileNode({ kind: 'code', params: { language: 'ruby' } }, registry, { file: 's' })).toThrow(
      /params\.language/,
    );
    expect(() => compileNode({ kind: 'code', params: { limits: { memoryMb: 1 } } }, registry, { file: 's' })).toThrow(
      /params\.limits\.memoryMb/,
    );
  });
});

describe('code extraction and output comparison', () => {
  it('prefers the last block tagged with the language, then any block, then the raw text', () => {
    const text = '```js\nconsole.log(1)\n```\n```python\nprint(1)\n```\n```python\nprint(2)\n```';
    expect(extractCode(text, 'python', false)).toEqual({ code: 'print(2)', from: 'fence' });
    expect(extractCode(text, 'javascript', false)).toEqual({ code: 'console.log(1)', from: 'fence' });
    expect(extractCode('```\nx = 1\n```', 'python', false)?.code).toBe('x = 1');
    expect(extractCode('print(3)', 'python', false)).toEqual({ code: 'print(3)', from: 'text' });
    expect(extractCode('print(3)', 'python', true)).toBeUndefined();
  });

  it('normalises trailing whitespace per line and trailing blank lines only', () => {
    expect(normalizeOutput('a  \r\nb\t\n\n\n')).toBe('a\nb');
    expect(normalizeOutput('  a')).toBe('  a');
    expect(normalizeOutput('a\n\nb')).toBe('a\n\nb');
  });

  it('parses the three reference shapes', () => {
    expect(codeReference.parse({ tests: [{ stdout: '1' }] })).toEqual({
      type: 'io',
      cases: [{ stdin: '', stdout: '1' }],
    });
    expect(codeReference.parse('{"assert":"assert True"}')).toEqual({ type: 'assert', code: 'assert True' });
    expect(codeReference.safeParse({ inputs: ['1'], outputs: ['1', '2'] }).success).toBe(false);
  });
});
