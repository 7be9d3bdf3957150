import { RewardError } from '../core/codes.js';

export type BackendFailureCode = 'backend-error' | 'backend-timeout' | 'malformed-reply' | 'image-unsupported';

/** A backend call that failed; rewards turn it into a result with its code (never a 0). */
export class BackendFailure extends RewardError {
  readonly backend: string;
  /** HTTP status of the last attempt, when there was a reply. */
  readonly status: number | undefined;
  readonly attempts: number;
  constructor(
    code: BackendFailureCode,
    backend: string,
    message: string,
    options: { status?: number | undefined; attempts?: number; cause?: unknown } = {},
  ) {
    super(code, `backend "${backend}": ${message}`, { cause: options.cause });
    this.name = 'BackendFailure';
    this.backend = backend;
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
  }
}

/** A reply that parsed as JSON but lacks what the caller needs. */
export function malformed(backend: string, message: string): BackendFailure {
  return new BackendFailure('malformed-reply', backend, message);
}
