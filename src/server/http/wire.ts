import type { RewardResult } from '../../core/types.js';

/** One sample's answer on the wire: its id (when it had one), then the result. */
export type WireResult = { id?: string | number } & RewardResult;

/**
 * The wire result of a sample as received: its `id` (a string or number) first, then the result; a `lean`
 * answer leaves out `details` (score, components, code and message stay).
 */
export function withId(raw: unknown, result: RewardResult, lean = false): WireResult {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  const hasId = typeof id === 'string' || typeof id === 'number';
  if (lean && result.details !== undefined) {
    const { details: _, ...rest } = result;
    return hasId ? { id, ...rest } : rest;
  }
  return hasId ? { id, ...result } : result;
}

/** Whether answers leave out `details`: the request's `details` flag, else the spec's default (`specLean`). */
export function leanAnswer(requested: boolean | undefined, specLean: boolean): boolean {
  return requested === undefined ? specLean : !requested;
}
