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

/** How long hosts wait, by default, for background work (ONI annotations) when they close their backends. */
export const DRAIN_MS = 5_000;

type CloseHook = (waitMs: number) => Promise<unknown>;
const closeHooks = new WeakMap<Backends, Set<CloseHook>>();

/**
 * Registers work to finish before `backends` closes (e.g. an annotation queue's drain). The hook gets the
 * time it may take; `closeBackends` never waits longer than that, whatever the hook does.
 */
export function onBackendsClose(backends: Backends, hook: CloseHook): void {
  const hooks = closeHooks.get(backends) ?? new Set<CloseHook>();
  hooks.add(hook);
  closeHooks.set(backends, hooks);
}

/**
 * How a host closes its backends: runs the close hooks (bounded by `waitMs` in all), then closes the hub and
 * its cache, so annotations that finish in time are written to the response cache first. A failing hook does
 * not stop the close.
 */
export async function closeBackends(backends: Backends | undefined, waitMs = DRAIN_MS): Promise<void> {
  if (!backends) return;
  const hooks = [...(closeHooks.get(backends) ?? [])];
  closeHooks.delete(backends);
  if (hooks.length > 0) {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((r) => {
      timer = setTimeout(r, waitMs + 100);
    });
    await Promise.race([Promise.allSettled(hooks.map((h) => h(waitMs))), bound]);
    clearTimeout(timer);
  }
  backends.close();
}
