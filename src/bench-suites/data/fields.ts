// Typed field reads for benchmark layouts: a wrong or missing field names the row and the field.

import { nearest } from '../../core/suggest.js';
import type { Message } from '../../core/types.js';

export type Row = Record<string, unknown>;

/**
 * The row's fields a layout does not read: a name close to one it reads is a typo and an error ("did you mean");
 * any other is returned, and travels with the sample as metadata (nothing in a row is dropped unseen).
 */
export function extraFields(row: Row, where: string, known: readonly string[]): Row {
  const extra: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (known.includes(key)) continue;
    const near = nearest(key, known, 1)[0];
    if (near !== undefined && !(near in row))
      throw new Error(
        `${where}: unknown field "${key}"; did you mean "${near}"? (this layout reads ${known.join(', ')})`,
      );
    extra[key] = value;
  }
  return extra;
}

export function str(row: Row, field: string, where: string): string {
  const v = row[field];
  if (typeof v !== 'string') throw new Error(`${where}: "${field}" must be a string, got ${describe(v)}`);
  return v;
}

export function optStr(row: Row, field: string, where: string): string | undefined {
  return row[field] === undefined || row[field] === null ? undefined : str(row, field, where);
}

export function int(row: Row, field: string, where: string): number {
  const v = row[field];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new Error(`${where}: "${field}" must be an integer, got ${describe(v)}`);
  return v;
}

export function strList(row: Row, field: string, where: string, min = 1): string[] {
  const v = row[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`${where}: "${field}" must be a list of strings, got ${describe(v)}`);
  if (v.length < min) throw new Error(`${where}: "${field}" needs at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
  return v as string[];
}

/** A prompt: a string, or a list of chat messages with a role and string content. */
export function promptOf(row: Row, field: string, where: string): string | Message[] {
  const v = row[field];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((m) => m && typeof m === 'object' && typeof (m as Message).role === 'string'))
    return (v as Message[]).map((m) => ({ role: m.role, content: typeof m.content === 'string' ? m.content : '' }));
  throw new Error(`${where}: "${field}" must be a string or a list of {role, content} messages, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}
