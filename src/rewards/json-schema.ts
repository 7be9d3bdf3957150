import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { jsonSourcesParam, readJson } from './json-extract.js';
import { type CompiledSchema, compileSchema, schemaErrors } from './json-schema-compiler.js';

const params = z
  .object({
    schema: z
      .union([z.record(z.string(), z.unknown()), z.boolean()])
      .optional()
      .describe('JSON Schema (draft-07; 2019-09 / 2020-12 via $schema); when absent, the sample reference'),
    score: z
      .enum(['binary', 'required'])
      .default('binary')
      .describe('binary: 1 valid / 0 not; required: (required fields right + [valid]) / (required count + 1)'),
    extract: jsonSourcesParam,
  })
  .superRefine((p, ctx) => {
    if (p.schema === undefined) return;
    const compiled = compileSchema(p.schema);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['schema'], message: compiled.error });
  });

/** The schema to use for a sample: from params, else the reference (an object, a boolean or JSON text). */
function schemaFor(schema: unknown, reference: unknown): CompiledSchema | 'none' {
  if (schema !== undefined) return compileSchema(schema);
  if (reference === undefined || reference === null || reference === '') return 'none';
  if (typeof reference !== 'string') return compileSchema(reference);
  try {
    return compileSchema(JSON.parse(reference));
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Top-level `required` names of a schema object (empty when it has none). */
function requiredFields(schema: unknown): string[] {
  const req = schema && typeof schema === 'object' ? (schema as { required?: unknown }).required : undefined;
  return Array.isArray(req) ? req.filter((r): r is string => typeof r === 'string') : [];
}

/** 1 when the response's JSON conforms to a JSON Schema (from params or the reference); or partial credit per required field. */
export const jsonSchema = defineReward({
  kind: 'json-schema',
  description: 'Response JSON conforms to a JSON Schema (ajv); 1/0 or partial credit per required field',
  source: 'JSON Schema validation via ajv 8 + ajv-formats',
  params,
  capabilities: { ...RULE, bounds: [0, 1] },
  score(sample, p) {
    const compiled = schemaFor(p.schema, sample.reference);
    if (compiled === 'none')
      return unscorable('no-reference', 'json-schema needs params.schema or a schema as reference');
    if (!compiled.ok) return failed('invalid-reference', `reference: ${compiled.error}`);
    const read = readJson(responseText(sample), p.extract);
    if (!read.ok) return scored(0, read.reason === 'no-answer' ? { reason: 'no-answer' } : { ...read });
    const valid = compiled.validate(read.value) as boolean;
    const errors = schemaErrors(compiled.validate.errors);
    const details = { source: read.source, valid, ...(valid ? {} : { errors }) };
    if (p.score === 'binary') return scored(valid ? 1 : 0, details);
    const schema = p.schema ?? (typeof sample.reference === 'string' ? JSON.parse(sample.reference) : sample.reference);
    const required = requiredFields(schema);
    const value = read.value;
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const all = compiled.validate.errors ?? [];
    // a required field is right when present and no error points at or below it
    const right = required.filter(
      (k) =>
        isObject &&
        Object.hasOwn(value, k) &&
        !all.some(
          (e) => e.instancePath === `/${escapePointer(k)}` || e.instancePath.startsWith(`/${escapePointer(k)}/`),
        ),
    );
    return scored((right.length + (valid ? 1 : 0)) / (required.length + 1), { ...details, required, right });
  },
});

// RFC 6901: "~" is written "~0" and "/" is written "~1" in a JSON Pointer segment.
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
