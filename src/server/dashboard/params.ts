import { CODES, RewardError } from '../../core/codes.js';
import { didYouMean } from '../../core/suggest.js';
import { parseTime } from '../traces/trace-query.js';

const STATUSES = ['scored', 'unscorable', 'error'];

const bad = (message: string, where: string): RewardError => new RewardError('bad-request', message, { where });

/** The query string as single strings; an unknown or repeated parameter is an error naming it. */
export function readQuery(query: unknown, known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!known.includes(key)) {
      throw bad(`unknown query parameter (known: ${known.join(', ')})${didYouMean(key, known)}`, key);
    }
    if (typeof value !== 'string') throw bad('given more than once', key);
    out[key] = value;
  }
  return out;
}

/** A time parameter (ISO time, epoch ms, or `30m`/`2h`/`7d` ago), or `fallback` when absent. */
export function timeParam(q: Record<string, string>, key: string, fallback: number, now: number): number {
  const value = q[key];
  if (value === undefined || value === '') return fallback;
  try {
    return parseTime(value, now);
  } catch (err) {
    throw bad((err as Error).message, key);
  }
}

/** An integer parameter within [min, max], or `fallback` when absent. */
export function intParam(q: Record<string, string>, key: string, fallback: number, min: number, max: number): number {
  const value = q[key];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) {
    throw bad(`must be a whole number from ${min} to ${max} (got "${value}")`, key);
  }
  return n;
}

/** A sample status filter: scored, unscorable or error. */
export function statusParam(q: Record<string, string>): string | undefined {
  const value = q.status || undefined;
  if (value !== undefined && !STATUSES.includes(value)) {
    throw bad(`unknown status "${value}" (one of ${STATUSES.join(', ')})${didYouMean(value, STATUSES)}`, 'status');
  }
  return value;
}

/** A result code filter, one of the codes table. */
export function codeParam(q: Record<string, string>): string | undefined {
  const value = q.code || undefined;
  const codes = Object.keys(CODES);
  if (value !== undefined && !codes.includes(value)) {
    throw bad(`unknown code "${value}"${didYouMean(value, codes)}`, 'code');
  }
  return value;
}

/** A window [since, until) that must not be empty. */
export function windowParams(
  q: Record<string, string>,
  now: number,
  defaultSince: number,
  suffix = '',
): { since: number; until: number } {
  const since = timeParam(q, `since${suffix}`, defaultSince, now);
  const until = timeParam(q, `until${suffix}`, now + 1, now);
  if (!(until > since)) throw bad(`must be later than since${suffix}`, `until${suffix}`);
  return { since, until };
}
