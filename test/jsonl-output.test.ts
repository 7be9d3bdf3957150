import fc from 'fast-check';
import { expect, it } from 'vitest';
import { outputText } from '../src/cli/jsonl-scorer.js';
import type { RewardResult } from '../src/core/types.js';

// The definition: one JSON.stringify per output line, the id and line number first.
const definition = (lines: Array<{ id: string | number | null; line: number }>, results: RewardResult[]) =>
  lines.map((p, i) => `${JSON.stringify({ id: p.id, line: p.line, ...results[i] })}\n`).join('');

// Strings built from the characters JSON escapes, the batch separator itself, and text around them.
const tricky = fc
  .array(fc.constantFrom('\u0000', '"', '\\', '\n', '\ud800', 'é', '😀', ',"\\u0000",', 'a', ' ', '}', '{', ','), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.double(),
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('any'), { maxKeys: 3 }),
  ),
})).any;
const result: fc.Arbitrary<RewardResult> = fc.record(
  {
    status: fc.constantFrom('scored', 'unscorable', 'error'),
    score: fc.oneof(fc.double(), fc.constant(-0)),
    components: fc.dictionary(tricky, fc.oneof(fc.double(), fc.constant(null)), { maxKeys: 3 }),
    details: fc.dictionary(tricky, value, { maxKeys: 4 }),
    message: tricky,
  },
  { requiredKeys: ['status'] },
) as fc.Arbitrary<RewardResult>;
const id = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.POSITIVE_INFINITY, -0, null),
  tricky,
) as fc.Arbitrary<string | number | null>;

it('writes a batch exactly as one JSON.stringify per line would, separator text and NUL strings included', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(id, result), { minLength: 1, maxLength: 12 }), (rows) => {
      const lines = rows.map(([i], n) => ({ id: i, line: n + 1 }));
      const results = rows.map(([, r]) => r);
      expect(outputText(lines, results)).toBe(definition(lines, results));
    }),
    { numRuns: 3000, seed: 2112 },
  );
});

it('falls back to a call per line when a result holds the separator as a list element', () => {
  const lines = [
    { id: 1, line: 1 },
    { id: 'b', line: 2 },
  ];
  const results: RewardResult[] = [
    { status: 'scored', score: 1, details: { list: ['x', '\u0000', 'y'] } },
    { status: 'error', code: 'invalid-sample', message: 'm' },
  ];
  expect(outputText(lines, results)).toBe(definition(lines, results));
});
