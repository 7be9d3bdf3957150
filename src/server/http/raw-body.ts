// Reading a `/v1/score` body from its text, the same way on the HTTP thread and in a worker: depth scan,
// JSON parse with prototype keys refused, the body's shape, and each sample validated on its own.
import { failed } from '../../core/outcome.js';
import { MAX_SAMPLE_DEPTH, parseSample } from '../../core/sample-schema.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { MAX_BODY_DEPTH, overDeepAt } from './body-depth.js';
import { forbiddenKeyIn, unknownFieldMessage } from './errors.js';

/** Why a body is refused as a whole: the answer's code, message and field. */
export interface BodyRefusal {
  code: 'bad-request' | 'payload-too-large';
  message: string;
  field: string;
}

/** A readable body: its samples as received, the valid ones (with their positions), and the invalid ones' results. */
export interface ReadBody {
  spec: string;
  received: unknown[];
  valid: Sample[];
  validAt: number[];
  /** Results of invalid samples by position. */
  invalid: Map<number, RewardResult>;
  /** The body's `details` flag (false: lean answers), if it has one. */
  details?: boolean | undefined;
}

const SCORE_FIELDS = new Set(['spec', 'samples', 'details']);

/** The invalid-sample result of `samples[at]`, naming its field as the routes do (`samples[3].response: ...`). */
export function invalidSample(field: string, at: number, message: string): RewardResult {
  const where = message.startsWith('sample: ')
    ? `${field}[${at}]: ${message.slice('sample: '.length)}`
    : `${field}[${at}].${message}`;
  return failed('invalid-sample', where);
}

/** Splits received samples into valid ones and invalid-sample results (positions offset by `offset` in messages). */
export function validateSamples(
  received: readonly unknown[],
  field = 'samples',
  offset = 0,
): Omit<ReadBody, 'spec' | 'received'> {
  const valid: Sample[] = [];
  const validAt: number[] = [];
  const invalid = new Map<number, RewardResult>();
  received.forEach((raw, i) => {
    const parsed = parseSample(raw);
    if (parsed.ok) {
      valid.push(parsed.sample);
      validAt.push(i);
    } else invalid.set(i, invalidSample(field, i + offset, parsed.message));
  });
  return { valid, validAt, invalid };
}

/** Reads `{spec, samples}` from body text: the refusal a client gets, or the samples checked one by one. */
export function readScoreBody(
  text: string,
  maxSamples: number,
): { ok: false; refused: BodyRefusal } | ({ ok: true } & ReadBody) {
  const bad = (message: string, field = 'body') => ({
    ok: false as const,
    refused: { code: 'bad-request' as const, message, field },
  });
  const deepAt = overDeepAt(text);
  if (deepAt >= 0)
    return bad(
      `the body nests deeper than ${MAX_BODY_DEPTH} levels (at character ${deepAt}); a sample may nest ${MAX_SAMPLE_DEPTH}`,
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return bad(`the body is not valid JSON: ${(err as Error).message}`);
  }
  const forbidden = text.includes('"__proto__"') || text.includes('"constructor"') ? forbiddenKeyIn(body) : undefined;
  if (forbidden) return bad(forbidden.message, forbidden.where);
  const shape = scoreBodyShape(body, maxSamples);
  if ('refused' in shape) return { ok: false, refused: shape.refused };
  const { spec, samples, details } = shape;
  return { ok: true, spec, received: samples, details, ...validateSamples(samples) };
}

/** The fields of a `/v1/score` body. */
export interface ScoreBodyFields {
  spec: string;
  samples: unknown[];
  details: boolean | undefined;
}

/** A parsed body's `{spec, samples, details?}` (spec of 1 to 200 characters, at most `maxSamples`), or why not. */
export function scoreBodyShape(body: unknown, maxSamples: number): ScoreBodyFields | { refused: BodyRefusal } {
  const bad = (message: string, field = 'body') => ({ refused: { code: 'bad-request' as const, message, field } });
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return bad('body must be an object {spec, samples}');
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !SCORE_FIELDS.has(k));
  if (extra !== undefined) return bad(unknownFieldMessage(extra, extra, [...SCORE_FIELDS]), extra);
  const { spec, samples, details } = record;
  if (typeof spec !== 'string' || spec.length === 0 || spec.length > 200)
    return bad('spec must be a string of 1 to 200 characters', 'spec');
  if (!Array.isArray(samples)) return bad('samples must be array', 'samples');
  if (details !== undefined && typeof details !== 'boolean') return bad('details must be boolean', 'details');
  if (samples.length > maxSamples) {
    const message = `${samples.length} samples; the limit is ${maxSamples} per request`;
    return { refused: { code: 'payload-too-large', message, field: 'samples' } };
  }
  return { spec, samples, details };
}

/**
 * The spec a body names when `"spec"` is its first key (`{"spec":"name",...}`, as the Python client and
 * `JSON.stringify({spec, samples})` write it), read from the first characters only; else undefined.
 */
export function leadingSpec(text: string): string | undefined {
  return /^\s*\{\s*"spec"\s*:\s*"([A-Za-z0-9._:/-]{1,200})"\s*,/.exec(text.slice(0, 256))?.[1];
}

/** How often `needle` occurs in `text`, counting no further than `limit` (a native scan, no parse). */
export function occurrencesUpTo(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0 && n < limit; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}
