import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import type { Sample } from '../core/types.js';
import { jsonSchema } from './json-schema.js';
import { compileSchema } from './json-schema-compiler.js';

const PERSON = {
  type: 'object',
  required: ['name', 'age', 'email'],
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0 },
    email: { type: 'string', format: 'email' },
  },
  additionalProperties: false,
};

contractSuite(jsonSchema, {
  node: { kind: 'json-schema', params: { schema: PERSON } },
  samples: [
    { prompt: 'q', response: '{"name": "Ada", "age": 36, "email": "ada@example.org"}' },
    { prompt: 'q', response: '{"name": "Ada"}' },
  ],
});
contractSuite(jsonSchema, {
  node: { kind: 'json-schema', params: { score: 'required' } },
  samples: [{ prompt: 'q', response: '{"a": 1}', reference: { type: 'object', required: ['a'] } }],
});

describe('json-schema', () => {
  const registry = createRegistry();
  const run = async (sample: Omit<Sample, 'prompt'>, params: object = { schema: PERSON }) => {
    const root = compileNode({ kind: 'json-schema', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', ...sample }]);
    return r;
  };

  it('scores conformance 1/0 and lists ajv errors (instancePath + message)', async () => {
    expect((await run({ response: '{"name": "Ada", "age": 36, "email": "ada@example.org"}' }))?.score).toBe(1);
    const r = await run({ response: '{"name": "", "age": -1, "email": "not-an-email"}' });
    expect(r?.score).toBe(0);
    const errors = r?.details?.errors as Array<{ instancePath: string; message: string }>;
    expect(errors.map((e) => e.instancePath).sort()).toEqual(['/age', '/email', '/name']);
    expect(errors.find((e) => e.instancePath === '/email')?.message).toMatch(/format "email"/);
  });

  it('required mode: (required fields right + [valid]) / (required count + 1)', async () => {
    const p = { schema: PERSON, score: 'required' };
    expect((await run({ response: '{"name": "Ada", "age": 36, "email": "a@b.co"}' }, p))?.score).toBe(1);
    // name right, age wrong type, email missing: (1 + 0) / 4
    const r = await run({ response: '{"name": "Ada", "age": "36"}' }, p);
    expect(r?.score).toBe(0.25);
    expect(r?.details).toMatchObject({ right: ['name'], required: ['name', 'age', 'email'] });
    // all required fields right but an extra property: (3 + 0) / 4
    expect((await run({ response: '{"name": "A", "age": 1, "email": "a@b.co", "x": 1}' }, p))?.score).toBe(0.75);
    expect((await run({ response: '[1]' }, p))?.score).toBe(0);
  });

  it('takes the schema from the reference (object or JSON text) when params has none', async () => {
    const schema = { type: 'array', items: { type: 'number' } };
    expect((await run({ response: '[1, 2]', reference: schema }, {}))?.score).toBe(1);
    expect((await run({ response: '[1, "2"]', reference: JSON.stringify(schema) }, {}))?.score).toBe(0);
    expect((await run({ response: '[1]' }, {}))?.code).toBe('no-reference');
    const bad = await run({ response: '[1]', reference: { type: 'nonsense' } }, {});
    expect(bad).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect((await run({ response: '[1]', reference: '{not json' }, {}))?.code).toBe('invalid-reference');
  });

  it('an invalid schema in params is a spec error naming params.schema', () => {
    const compile = (schema: unknown) =>
      compileNode({ kind: 'json-schema', params: { schema } }, registry, { file: 's' });
    expect(() => compile({ type: 'nonsense' })).toThrow(/reward\.params\.schema: invalid JSON Schema/);
    expect(() => compile({ $ref: '#/definitions/missing' })).toThrow(/params\.schema/);
    expect(() => compile({ type: 'string', pattern: '(?=lookahead)' })).toThrow(/params\.schema/);
  });

  it('compiles a schema once, keyed by its stable JSON', () => {
    const a = compileSchema({ type: 'object', required: ['x'] });
    const b = compileSchema({ required: ['x'], type: 'object' });
    expect(a.ok && b.ok && a.validate === b.validate).toBe(true);
  });

  it('keeps same-$id schemas apart and honours the 2020-12 draft', () => {
    const one = compileSchema({ $id: 'https://example.org/s.json', type: 'string' });
    const two = compileSchema({ $id: 'https://example.org/s.json', type: 'number' });
    expect(one.ok && two.ok && one.validate('x') && two.validate(1) && !two.validate('x')).toBe(true);
    const draft = compileSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: false,
    });
    expect(draft.ok && draft.validate(['a']) && !draft.validate(['a', 'b'])).toBe(true);
  });

  it('runs schema patterns on RE2, so a hostile pattern cannot hang the scorer', async () => {
    const schema = { type: 'string', pattern: '^(a+)+$' };
    const r = await run({ response: JSON.stringify(`${'a'.repeat(50_000)}!`) }, { schema });
    expect(r?.score).toBe(0);
  });
});
