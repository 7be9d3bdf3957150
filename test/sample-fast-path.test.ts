// parseSample takes a fast path for plain samples; over many inputs it must agree with sampleSchema (zod) exactly.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseSample, sampleSchema } from '../src/core/sample-schema.js';

const scalar = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('', 'x', '1', 'Paris'),
  fc.double(),
  fc.constantFrom(0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const message = fc.record({
  role: fc.constantFrom('user', 'assistant'),
  content: fc.oneof(fc.string(), fc.constant(null)),
});
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  fc.array(fc.double(), { maxLength: 3 }),
  fc.array(message, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 3 }),
  fc.array(scalar, { maxLength: 3 }),
);
const KEYS = ['id', 'prompt', 'response', 'reference', 'group', 'steps', 'metadata', 'answer', '__proto__'];
// Mostly plain samples (string prompt and response), with every other key sometimes present, absent or odd.
const sample = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 5 }) }, value),
    fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 5 }) }, value),
    fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }),
    fc.boolean(),
  )
  .map(([prompt, response, rest, viaJson]) => {
    const v: Record<string, unknown> = { ...rest };
    if (!('prompt' in rest)) v.prompt = prompt;
    if (!('response' in rest)) v.response = response;
    // Through JSON as the CLI and server see samples: no undefined, no NaN, a real "__proto__" key.
    if (!viaJson) return v;
    try {
      return JSON.parse(JSON.stringify(v)) as unknown;
    } catch {
      return v;
    }
  });

it('accepts exactly what sampleSchema accepts, with the same sample (keys, order, values)', () => {
  fc.assert(
    fc.property(sample, (v) => {
      const got = parseSample(v);
      const want = sampleSchema.safeParse(v);
      expect(got.ok).toBe(want.success);
      if (got.ok && want.success) {
        expect(Object.keys(got.sample)).toEqual(Object.keys(want.data));
        expect(got.sample).toStrictEqual(want.data);
        expect(got.sample.reference).toBe(want.data.reference);
      }
    }),
    { numRuns: 20_000 },
  );
});

it('gives the same messages as before for samples near the fast path', () => {
  const cases: Array<[unknown, string]> = [
    [{ prompt: 'q', response: 'a', id: Number.POSITIVE_INFINITY }, 'id: Invalid input'],
    [{ prompt: 'q', response: 'a', group: true }, 'group: Invalid input'],
    [{ prompt: 'q', response: 7 }, 'response: expected a string or a list of chat messages ({role, content})'],
    [{ prompt: 'q', response: 'a', steps: ['x'] }, 'steps[0]: Invalid input: expected number, received string'],
    [{ prompt: 'q', response: 'a', metadata: [] }, 'metadata: Invalid input: expected record, received array'],
  ];
  for (const [v, msg] of cases) expect(parseSample(v)).toEqual({ ok: false, message: msg });
});

it('takes samples from other realms and null-prototype objects through zod, with the same result', () => {
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { prompt: 'q', response: 'a', id: 1 });
  expect(parseSample(bare)).toEqual({ ok: true, sample: { id: 1, prompt: 'q', response: 'a' } });
  const inherited = Object.assign(Object.create({ prompt: 'q' }) as Record<string, unknown>, { response: 'a' });
  expect(parseSample(inherited)).toEqual({ ok: true, sample: { prompt: 'q', response: 'a' } });
});
