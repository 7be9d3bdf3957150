import type { RewardResult } from '../core/types.js';

/** One sample's answer on the wire: its id (when it had one), then the result. */
export type WireResult = { id?: string | number } & RewardResult;

/** The wire result of a sample as received: its `id` (a string or number) first, then the result. */
export function withId(raw: unknown, result: RewardResult): WireResult {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? { id, ...result } : result;
}
