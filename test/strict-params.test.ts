// Misspelled params are errors with a "did you mean", for every kind (zod objects drop unknown keys silently).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../src/catalog.js';
import { findUnknownParam } from '../src/core/strict-params.js';
import { specErrorOf } from './helpers/spec-error.js';

const registry = createRegistry();
const errorOf = specErrorOf;

describe('strict params', () => {
  it('names the file, line, path and the nearest known param', () => {
    const err = errorOf('reward:\n  kind: exact-match\n  params:\n    lowercaes: false\n');
    expect(err.code).toBe('invalid-spec');
    expect(err.message).toMatch(
      /^specs\/x\.yaml:4: reward\.params\.lowercaes: unknown param "lowercaes" \(did you mean "lowercase"\?/,
    );
    expect(errorOf('reward: {kind: format, params: {mod: strict}}').message).toMatch(/did you mean "mode"/);
  });

  it('gives an unknown kind its file, line and the nearest kinds', () => {
    const err = errorOf('reward:\n  kind: weighted-sum\n  terms:\n    - kind: exact-mach\n');
    expect(err.code).toBe('unknown-kind');
    expect(err.message).toMatch(
      /^specs\/x\.yaml:4: reward\.terms\[0\]\.kind: unknown reward kind "exact-mach"; did you mean "exact-match"/,
    );
  });

  it('rejects an unknown param on every registered kind', () => {
    const loose: string[] = [];
    for (const def of registry.list()) {
      if (!findUnknownParam(def.params, { zzNotAParam: 1 })) loose.push(def.kind);
    }
    expect(loose).toEqual([]);
  });

  it('looks into nested objects, arrays, records and unions, and leaves loose objects alone', () => {
    const schema = z.object({
      a: z.object({ b: z.number() }).optional(),
      list: z.array(z.object({ c: z.string() })).default([]),
      map: z.record(z.string(), z.object({ d: z.number() })).optional(),
      either: z.union([z.object({ x: z.number() }), z.object({ y: z.number() })]).optional(),
      free: z.looseObject({}).optional(),
    });
    expect(findUnknownParam(schema, { a: { bb: 1 } })).toMatchObject({ path: ['a'], key: 'bb', known: ['b'] });
    expect(findUnknownParam(schema, { list: [{ c: 'x' }, { cc: 'x' }] })).toMatchObject({
      path: ['list', 1],
      key: 'cc',
    });
    expect(findUnknownParam(schema, { map: { k: { e: 1 } } })).toMatchObject({ path: ['map', 'k'], key: 'e' });
    expect(findUnknownParam(schema, { either: { z: 1 } })).toMatchObject({ key: 'z', known: ['x', 'y'] });
    expect(findUnknownParam(schema, { free: { anything: 1 }, either: { y: 2 } })).toBeUndefined();
  });
});
