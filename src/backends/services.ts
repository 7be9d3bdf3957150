import type { ScoreContext } from '../core/define.js';
import { BackendFailure } from './failure.js';
import type { Backends } from './hub.js';

declare module '../core/define.js' {
  interface Services {
    /** Model backends, built by the host from spec and server config (src/backends). */
    backends?: Backends;
  }
}

/** The backends a host passed to the runner; a clear `backend-error` when it passed none. */
export function backendsOf(ctx: ScoreContext, name: string): Backends {
  const backends = ctx.services.backends;
  if (!backends) {
    throw new BackendFailure(
      'backend-error',
      name,
      'no model backends were given to the runner (configure "backends:" in the spec or server config)',
    );
  }
  return backends;
}
