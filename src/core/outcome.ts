import { CODES, type Code, type ErrorCode, type UnscorableCode } from './codes.js';
import type { RewardResult } from './types.js';

/** A scored result; `details` says how the score was reached. */
export function scored(score: number, details?: Record<string, unknown>, steps?: number[]): RewardResult {
  const result: RewardResult = { status: 'scored', score };
  if (details !== undefined) result.details = details;
  if (steps !== undefined) result.steps = steps;
  return result;
}

/** Nothing to grade (no reference, empty answer): not the same as a zero. */
export function unscorable(code: UnscorableCode, message: string, details?: Record<string, unknown>): RewardResult {
  const result: RewardResult = { status: 'unscorable', code, message };
  if (details !== undefined) result.details = details;
  return result;
}

/** A failure reported as data, never thrown. */
export function failed(code: ErrorCode, message: string, details?: Record<string, unknown>): RewardResult {
  const result: RewardResult = { status: 'error', code, message };
  if (details !== undefined) result.details = details;
  return result;
}

/** A result for any code: the status comes from the code table. */
export function fromCode(code: Code, message: string, details?: Record<string, unknown>): RewardResult {
  const result: RewardResult = { status: CODES[code].status, code, message };
  if (details !== undefined) result.details = details;
  return result;
}
