/** Every non-scored result carries one of these codes; each maps to one HTTP status. */
export const CODES = {
  // unscorable: nothing to grade
  'no-reference': { status: 'unscorable', http: 422, about: 'the reward needs a reference and the sample has none' },
  'empty-response': { status: 'unscorable', http: 422, about: 'the response is empty, so there is nothing to grade' },
  'unparsable-reference': {
    status: 'unscorable',
    http: 422,
    about: 'the reference could not be parsed into something to compare with',
  },
  'no-group': { status: 'unscorable', http: 422, about: 'a group-level reward got a sample without a group id' },
  'no-steps': { status: 'unscorable', http: 422, about: 'a step-level reward got a sample without step scores' },
  'group-too-small': {
    status: 'unscorable',
    http: 422,
    about: 'a group-level reward needs more rollouts of the prompt than the batch holds',
  },
  'missing-input': {
    status: 'unscorable',
    http: 422,
    about: 'an input the reward needs (log-probs, metadata) is missing',
  },
  'image-unsupported': {
    status: 'unscorable',
    http: 422,
    about:
      'the sample carries images and the backend this reward calls is not marked vision: true (images are never dropped)',
  },
  'judge-inconsistent': {
    status: 'unscorable',
    http: 422,
    about: 'a pairwise judge gave opposite verdicts when the two responses swapped places (position bias)',
  },
  // error: something failed
  'invalid-sample': {
    status: 'error',
    http: 400,
    about: 'the sample is malformed (bad JSON, missing or mistyped field)',
  },
  'invalid-reference': { status: 'error', http: 400, about: 'the reference has the wrong shape for this reward' },
  'invalid-spec': { status: 'error', http: 400, about: 'the spec or a node parameter is invalid' },
  'unknown-kind': { status: 'error', http: 400, about: 'the spec names a reward kind that is not registered' },
  'bad-request': { status: 'error', http: 400, about: 'the request body is malformed' },
  unauthorized: { status: 'error', http: 401, about: 'a bearer token is required and was missing or wrong' },
  'not-found': { status: 'error', http: 404, about: 'no such spec or route' },
  'payload-too-large': { status: 'error', http: 413, about: 'the request is larger than the configured limit' },
  'unsupported-media-type': {
    status: 'error',
    http: 415,
    about: 'the request body is not sent as Content-Type: application/json',
  },
  overloaded: { status: 'error', http: 429, about: 'the server is saturated; retry after the advertised delay' },
  'shutting-down': { status: 'error', http: 503, about: 'the server is draining before it stops; retry elsewhere' },
  unavailable: {
    status: 'error',
    http: 503,
    about: 'a shared service the server needs (the Redis job queue) cannot be reached; retry shortly',
  },
  timeout: { status: 'error', http: 504, about: 'the reward overran its time budget' },
  'reward-failed': { status: 'error', http: 500, about: 'the reward raised an unexpected error (a bug)' },
  'model-error': { status: 'error', http: 502, about: 'a model backend failed or returned something unusable' },
  'backend-error': {
    status: 'error',
    http: 502,
    about: 'a model backend failed (connection refused, HTTP error, retries used up)',
  },
  'backend-timeout': { status: 'error', http: 504, about: 'a model backend did not answer within its timeout' },
  'malformed-reply': {
    status: 'error',
    http: 502,
    about: 'a model backend answered, but with something unusable (bad JSON, empty content, missing fields)',
  },
  'judge-unparsable': {
    status: 'error',
    http: 502,
    about: 'the judge answered, but no verdict could be read from its final answer',
  },
  'judge-refused': { status: 'error', http: 502, about: 'the judge refused to grade (or its reply was filtered)' },
  'judge-truncated': {
    status: 'error',
    http: 502,
    about: 'the judge reply was cut off at its token limit before a final verdict',
  },
  'judge-invalid': {
    status: 'error',
    http: 502,
    about: 'the judge gave contradictory verdicts (both candidates named) or one outside the allowed set',
  },
  'sandbox-error': { status: 'error', http: 500, about: 'the code sandbox could not be set up or failed' },
  'child-failed': { status: 'error', http: 500, about: 'a child node of a composite reward failed' },
  internal: { status: 'error', http: 500, about: 'an internal error' },
} as const satisfies Record<string, { status: 'unscorable' | 'error'; http: number; about: string }>;

export type Code = keyof typeof CODES;
export type UnscorableCode = { [K in Code]: (typeof CODES)[K]['status'] extends 'unscorable' ? K : never }[Code];
export type ErrorCode = Exclude<Code, UnscorableCode>;

export function isCode(value: unknown): value is Code {
  return typeof value === 'string' && Object.hasOwn(CODES, value);
}

export function httpStatusOf(code: Code): number {
  return CODES[code].http;
}

/** Marks RewardErrors of every copy of this module (the bundle's, and dist/'s that an extra-kinds module imports). */
const BRAND = Symbol.for('rewardkit.RewardError');

/** The one error class rewardkit throws at boundaries; `code` comes from the table above. */
export class RewardError extends Error {
  readonly code: Code;
  readonly where: string | undefined;
  constructor(code: Code, message: string, options?: { where?: string; cause?: unknown }) {
    super(options?.where ? `${options.where}: ${message}` : message, { cause: options?.cause });
    this.name = 'RewardError';
    this.code = code;
    this.where = options?.where;
  }
}
Object.defineProperty(RewardError.prototype, BRAND, { value: true });
// `instanceof RewardError` holds for a RewardError made by another copy of rewardkit (a reward module that imports
// the package while the CLI runs its bundle), so its code is kept; a subclass checks as usual.
Object.defineProperty(RewardError, Symbol.hasInstance, {
  value(this: abstract new (...args: never[]) => unknown, value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === RewardError && typeof value === 'object' && value !== null && BRAND in value;
  },
});

/** Turns any caught value into a RewardError (unknown values become `fallback`). */
export function toRewardError(value: unknown, fallback: Code = 'internal'): RewardError {
  if (value instanceof RewardError) return value;
  if (value instanceof Error) return new RewardError(fallback, value.message, { cause: value });
  return new RewardError(fallback, String(value));
}
