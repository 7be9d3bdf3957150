import type { z } from 'zod';
import { nearest } from './suggest.js';

/** A key in params that the schema does not declare: where it is, and the keys that would be accepted there. */
export interface UnknownParam {
  path: Array<string | number>;
  key: string;
  known: string[];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips wrappers (default, optional, nullable, pipe input, lazy...) down to the schema that reads the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let i = 0; i < 32; i++) {
    const def = defOf(schema);
    const next = def.type === 'pipe' ? def.in : def.type === 'lazy' ? def.getter?.() : def.innerType;
    if (!next) return schema;
    schema = next;
  }
  return schema;
}

/** Keys an object schema declares, or null when it takes any key (a loose object or a record). */
function objectKeys(schema: z.ZodType): string[] | null {
  const def = defOf(schema);
  if (def.type !== 'object') return null;
  const catchall = def.catchall ? defOf(def.catchall).type : undefined;
  if (catchall !== undefined && catchall !== 'never') return null;
  return Object.keys(def.shape ?? {});
}

/**
 * The first key in `value` that `schema` does not declare, at any depth (objects, arrays, records, unions of
 * objects). Zod's plain objects drop unknown keys silently; this makes every params schema strict in one place.
 */
export function findUnknownParam(
  schema: z.ZodType,
  value: unknown,
  path: Array<string | number> = [],
): UnknownParam | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element) return undefined;
    for (let i = 0; i < value.length; i++) {
      const found = findUnknownParam(def.element, value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (def.type === 'record' && def.valueType) {
    for (const [k, v] of Object.entries(record)) {
      const found = findUnknownParam(def.valueType, v, [...path, k]);
      if (found) return found;
    }
    return undefined;
  }
  if (def.type === 'union' && def.options) {
    const objects = def.options.map(unwrap).filter((o) => defOf(o).type === 'object');
    if (objects.length === 0 || objects.some((o) => objectKeys(o) === null)) return undefined;
    const known = [...new Set(objects.flatMap((o) => objectKeys(o) as string[]))];
    const key = Object.keys(record).find((k) => !known.includes(k));
    if (key !== undefined) return { path, key, known };
    const fits = objects.find((o) => Object.keys(record).every((k) => (objectKeys(o) as string[]).includes(k)));
    return fits ? findUnknownParam(fits, value, path) : undefined;
  }
  const known = objectKeys(inner);
  if (known === null) return undefined;
  const shape = def.shape ?? {};
  for (const [k, v] of Object.entries(record)) {
    if (!known.includes(k)) return { path, key: k, known };
    const found = findUnknownParam(shape[k] as z.ZodType, v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** `unknown param "smoth" (did you mean "smooth"?; known: ...)`. */
export function unknownParamMessage(found: UnknownParam): string {
  const near = nearest(found.key, found.known, 1);
  const hint = near.length ? `did you mean "${near[0]}"? ` : '';
  const known = found.known.length ? `known: ${found.known.join(', ')}` : 'this kind takes no params';
  return `unknown param "${found.key}" (${hint}${known})`;
}
