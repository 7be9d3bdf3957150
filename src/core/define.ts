import type { z } from 'zod';
import type { RewardResult, Sample } from './types.js';

/** What a definition tells the runner about itself; shared code reads these, never kind names. */
export interface Capabilities {
  /** The sample must carry a reference; without one the result is `unscorable/no-reference`. */
  needsReference: boolean;
  /** Calls a model backend (network, cost). */
  callsModel: boolean;
  /** Produces or consumes per-step rewards. */
  stepLevel: boolean;
  /** Needs all rollouts of a prompt (samples sharing `group`). */
  groupLevel: boolean;
  /** Same input, same output, no side effects: safe to cache and dedupe. */
  pure: boolean;
  /** Rough cost, used for scheduling and default time budgets. */
  cost: 'trivial' | 'cheap' | 'moderate' | 'expensive';
  /** Inclusive range every score lies in, when known. */
  bounds?: readonly [number, number];
}

export interface DefinitionBase<P> {
  kind: string;
  /** One line for `rewardkit kinds`. */
  description: string;
  /** Paper or reference implementation the formula comes from. */
  source?: string;
  params: z.ZodType<P>;
  capabilities: Capabilities;
  /** Names of the model backends a node with these params calls; hosts check they are configured at start. */
  backendsOf?: (params: P) => string[];
}

/**
 * Services a host hands to rewards through the runner (model backends, caches). Empty here: each layer that
 * offers one adds its field by declaration merging, so core never imports the layers above it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging (src/backends)
export interface Services {}

export interface ScoreContext {
  /** Aborted when the sample's time budget runs out; long-running rewards should watch it. */
  signal: AbortSignal;
  /** What the host passed as `RunnerOptions.services` (empty when it passed nothing). */
  services: Services;
  /**
   * Awaits `wait` without counting it against the sample's budget: for a reward that queues for a shared
   * pool (CAS workers, a sandbox slot) before its own work starts, so its budget starts when its work does.
   * Example: `const slot = await ctx.queued(pool.acquire());`
   */
  queued<T>(wait: Promise<T>): Promise<T>;
  /**
   * The sample a leaf is scoring (unset for composites, which score batches). The judge layer reads its image
   * parts here, so every judge call of the sample carries them and no kind can forget to.
   */
  readonly sample?: Sample;
}

/** A leaf reward: scores one sample. */
export interface LeafDefinition<P = unknown, R = unknown> extends DefinitionBase<P> {
  type: 'leaf';
  /** Schema for `sample.reference`; a mismatch is `error/invalid-reference` naming the field. */
  reference?: z.ZodType<R>;
  score(sample: Sample, params: P, reference: R, ctx: ScoreContext): RewardResult | Promise<RewardResult>;
}

/** A compiled node as composites see their children. */
export interface NodeHandle {
  /** Name of the node among its siblings (from `name`, else the kind). */
  readonly name: string;
  readonly kind: string;
  /** `weight` given in the spec, if any. */
  readonly weight: number | undefined;
  /** Scores the given samples (a subset of the batch) and returns one result per sample, in order. */
  run(samples: readonly Sample[]): Promise<RewardResult[]>;
}

export type SlotArity = 'one' | 'optional' | 'many';

/** A composite node: combines child nodes declared in slots (`terms`, `when`, `then`...). */
export interface CompositeDefinition<P = unknown> extends DefinitionBase<P> {
  type: 'composite';
  slots: Record<string, SlotArity>;
  /**
   * Scores a whole batch; children are run through their handles. Results are per sample, in order. `ctx`
   * carries the host's services (group-level judges call a backend) and a signal aborted at the batch budget.
   */
  run(
    samples: readonly Sample[],
    children: Record<string, NodeHandle[]>,
    params: P,
    ctx: ScoreContext,
  ): Promise<RewardResult[]>;
}

export type Definition = LeafDefinition<any, any> | CompositeDefinition<any>;

/** Declares a leaf reward; returns it unchanged with its types checked. */
export function defineReward<P, R = unknown>(def: Omit<LeafDefinition<P, R>, 'type'>): LeafDefinition<P, R> {
  return { type: 'leaf', ...def };
}

/** Declares a composite node kind. */
export function defineComposite<P>(def: Omit<CompositeDefinition<P>, 'type'>): CompositeDefinition<P> {
  return { type: 'composite', ...def };
}

/** Capabilities of a pure, cheap rule-based reward; spread and override. */
export const RULE: Capabilities = {
  needsReference: false,
  callsModel: false,
  stepLevel: false,
  groupLevel: false,
  pure: true,
  cost: 'trivial',
};
