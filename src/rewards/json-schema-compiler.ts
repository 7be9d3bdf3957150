import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { RE2JS } from 're2js';
import { stableStringify } from '../core/stable-json.js';
import { compileRegex } from './safe-regex.js';

/** Schema `pattern` / `patternProperties` run on RE2 (linear time), so a schema cannot hang the scorer. */
const re2Engine = Object.assign((pattern: string) => compileRegex(RE2JS.translateRegExp(pattern)), {
  code: 'rewardkit-re2js',
});

const OPTIONS: Options = { allErrors: true, strict: false, logger: false, code: { regExp: re2Engine } };

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

const cache = new Map<string, CompiledSchema>();
const CACHE_LIMIT = 256;

/** The Ajv class for the draft a schema names in `$schema` (draft-07 when absent). */
function ajvFor(schema: unknown): Ajv {
  const draft = schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  const make =
    typeof draft === 'string' && draft.includes('2020-12')
      ? Ajv2020
      : typeof draft === 'string' && draft.includes('2019-09')
        ? Ajv2019
        : Ajv;
  const ajv = new make(OPTIONS);
  formatsModule.default(ajv);
  return ajv;
}

/**
 * Compiles a JSON Schema once (cached by its stable JSON), with formats and RE2 patterns; a bad schema
 * comes back as an error message. Each schema gets its own Ajv, so `$id`s of different schemas never clash.
 */
export function compileSchema(schema: unknown): CompiledSchema {
  const key = stableStringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  let compiled: CompiledSchema;
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    compiled = { ok: false, error: 'a JSON Schema is an object or a boolean' };
  } else {
    try {
      compiled = { ok: true, validate: ajvFor(schema).compile(schema as object) };
    } catch (err) {
      compiled = { ok: false, error: `invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

/** Ajv errors as `{instancePath, message}` pairs, the first `limit` of them. */
export function schemaErrors(errors: ErrorObject[] | null | undefined, limit = 20) {
  return (errors ?? []).slice(0, limit).map((e) => ({ instancePath: e.instancePath, message: e.message ?? e.keyword }));
}
