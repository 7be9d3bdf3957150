import type { CompiledNode } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';
import type { BodyOutcome, ScoreOutcome, Scorer, Timings } from './scorer.js';
import type { NamedSpec } from './spec-set.js';
import type { UnreadOutcome } from './worker-protocol.js';

/** Which lane a spec scores in: `fast` when every node is `trivial` and calls no model, else `general`. */
export type Lane = 'fast' | 'general';

/** The lane of a spec tree, from what its definitions declare (cost class, model calls); never from kind names. */
export function laneOf(node: CompiledNode): Lane {
  const caps = node.def.capabilities;
  if (caps.cost !== 'trivial' || caps.callsModel) return 'general';
  for (const children of Object.values(node.slots)) {
    for (const child of children) if (laneOf(child) === 'general') return 'general';
  }
  return 'fast';
}

/**
 * Whether a spec may score on the HTTP thread: fast lane, and every definition is one rewardkit ships. An
 * extra kind from a user module may declare itself trivial and still loop; only a worker can be stopped.
 */
export function inlineSafe(node: CompiledNode, builtIn: (def: CompiledNode['def']) => boolean): boolean {
  if (laneOf(node) !== 'fast' || !builtIn(node.def)) return false;
  return Object.values(node.slots).every((children) => children.every((c) => inlineSafe(c, builtIn)));
}

/** The specs of each lane. */
export function splitLanes(specs: ReadonlyMap<string, NamedSpec>): Record<Lane, Map<string, NamedSpec>> {
  const lanes: Record<Lane, Map<string, NamedSpec>> = { fast: new Map(), general: new Map() };
  for (const [name, spec] of specs) lanes[laneOf(spec.root)].set(name, spec);
  return lanes;
}

/**
 * Scores each spec on its lane's own scorer (own threads and queue), so CAS-heavy or model-calling work
 * can never queue in front of trivial rules such as exact-match.
 */
export class LaneScorer implements Scorer {
  readonly #bySpec: ReadonlyMap<string, Scorer>;
  readonly #scorers: readonly Scorer[];

  constructor(bySpec: ReadonlyMap<string, Scorer>) {
    this.#bySpec = bySpec;
    this.#scorers = [...new Set(bySpec.values())];
  }

  #scorer(spec: string): Scorer {
    const scorer = this.#bySpec.get(spec);
    if (!scorer) throw new Error(`unknown spec "${spec}"`);
    return scorer;
  }

  score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome> {
    return this.#scorer(spec).score(spec, samples);
  }

  scoreBody(spec: string, samples: readonly Sample[], raw: string): Promise<BodyOutcome> {
    const scorer = this.#scorer(spec);
    return scorer.scoreBody ? scorer.scoreBody(spec, samples, raw) : scorer.score(spec, samples);
  }

  scoreUnread(
    spec: string,
    raw: string,
    options: { maxSamples: number; traceMax?: number | undefined },
  ): Promise<{ outcome: UnreadOutcome; timings: Timings }> {
    const scorer = this.#scorer(spec);
    if (!scorer.scoreUnread) return Promise.resolve({ outcome: { giveBack: true }, timings: {} });
    return scorer.scoreUnread(spec, raw, options);
  }

  /** The smallest chunk of any lane (an unread body must fit in whichever lane scores it). */
  get chunkSize(): number | undefined {
    const sizes = this.#scorers.map((s) => s.chunkSize).filter((n): n is number => n !== undefined);
    return sizes.length > 0 ? Math.min(...sizes) : undefined;
  }

  get queued(): number {
    return this.#scorers.reduce((n, s) => n + s.queued, 0);
  }

  get threads(): number {
    return this.#scorers.reduce((n, s) => n + s.threads, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.#scorers.map((s) => s.close()));
  }
}
