import type { ScoreContext } from '../core/define.js';
import { BackendFailure } from './failure.js';
import type { Backends, CallOptions } from './hub.js';

declare module '../core/define.js' {
  interface Services {
    /** Model backends, built by the host from spec and server config (src/backends). */
    backends?: Backends;
  }
}

/** Call options bound to a sample: its budget signal, made only if a request goes to the network. */
export function callOptions(ctx: ScoreContext): CallOptions {
  return {
    get signal() {
      return ctx.signal;
    },
  };
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
