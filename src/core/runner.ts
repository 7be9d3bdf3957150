import { toRewardError } from './codes.js';
import type { Capabilities, LeafDefinition, NodeHandle, ScoreContext, Services } from './define.js';
import { LeafCall } from './leaf-call.js';
import { Limiter } from './limiter.js';
import { failed, fromCode, unscorable } from './outcome.js';
import { referenceHint } from './sample-schema.js';
import type { CompiledNode } from './spec.js';
import type { RewardResult, Sample } from './types.js';

/** Default per-sample time budget of a leaf, by its declared cost. */
export const DEFAULT_BUDGET_MS: Record<Capabilities['cost'], number> = {
  trivial: 5_000,
  cheap: 10_000,
  moderate: 30_000,
  expensive: 120_000,
};

export interface RunnerOptions {
  /** Leaf calls in flight at once (default 64). */
  concurrency?: number;
  /** Per-sample budget for every leaf, overriding the cost-based default. */
  timeoutMs?: number;
  /** Services rewards reach through `ctx.services` (model backends); hosts build them from their config. */
  services?: Services;
}

interface BatchState {
  /** Per node id: outcome per sample content id. */
  memo: Map<string, Map<number, RewardResult | Promise<RewardResult>>>;
  /** Content id of each sample (equal content, id aside, gets the same id), computed once per batch. */
  contentIds: Map<Sample, number>;
  /** Interning table for sample contents. */
  contents: Map<string, number>;
  components: Map<Sample, Record<string, number | null>>;
  nodeDetails: Map<Sample, Record<string, unknown>>;
}

/** Whether a node's definition is one trivial leaf: what `Runner.scoreNow` answers synchronously. */
export function isTrivialLeaf(def: CompiledNode['def']): def is LeafDefinition {
  return def.type === 'leaf' && def.capabilities.cost === 'trivial';
}

/** Scores batches of samples against compiled reward trees. Expected failures come back as results. */
export class Runner {
  readonly #limiter: Limiter;
  readonly #timeoutMs: number | undefined;
  readonly #services: Services;

  constructor(options: RunnerOptions = {}) {
    this.#limiter = new Limiter(options.concurrency ?? 64);
    this.#timeoutMs = options.timeoutMs;
    this.#services = options.services ?? {};
  }

  /** Scores every sample; one result per sample, in input order, each with a per-component breakdown. */
  async score(root: CompiledNode, samples: readonly Sample[]): Promise<RewardResult[]> {
    const state: BatchState = {
      memo: new Map(),
      contentIds: new Map(),
      contents: new Map(),
      components: new Map(),
      nodeDetails: new Map(),
    };
    const results = await this.#evaluate(root, samples, state);
    return results.map((result, i) => {
      const sample = samples[i] as Sample;
      const nodes = state.nodeDetails.get(sample);
      if (nodes) delete nodes[root.path];
      const nested = nodes && Object.keys(nodes).length > 0 ? nodes : undefined;
      const details = nested ? { ...result.details, nodes: nested } : result.details;
      return finalResult(result, state.components.get(sample) ?? {}, details);
    });
  }

  /**
   * The same results as `score`, returned synchronously when `root` is one trivial leaf whose reward answered
   * every sample synchronously (most rules): no promise, limiter or memo on the way. A leaf slot is held only
   * while a reward runs, and a synchronous one gives it back before anything else can run. `times` gets each
   * sample's leaf time (ms), by position, once its result is ready.
   */
  scoreNow(root: CompiledNode, samples: readonly Sample[], times?: number[]): RewardResult[] | Promise<RewardResult[]> {
    const def = root.def;
    if (!isTrivialLeaf(def)) return this.score(root, samples);
    // With `times`, one clock read per sample: a synchronous call's time runs from the previous call's end.
    let last = times ? performance.now() : 0;
    const outcomes = samples.map((sample, i) => {
      let outcome: RewardResult | Promise<RewardResult>;
      try {
        outcome = this.#scoreLeaf(root, def, sample);
      } catch (err) {
        outcome = thrown(root.kind, err);
      }
      if (times) {
        const start = last;
        last = performance.now();
        if (outcome instanceof Promise) {
          const settled = () => {
            times[i] = performance.now() - start;
          };
          outcome.then(settled, settled);
        } else times[i] = last - start;
      }
      return outcome;
    });
    const finish = (results: readonly RewardResult[]): RewardResult[] =>
      results.map((r) =>
        finalResult(r, { [root.path]: r.status === 'scored' ? (r.score as number) : null }, r.details),
      );
    return outcomes.some((o) => o instanceof Promise)
      ? Promise.all(outcomes).then(finish)
      : finish(outcomes as RewardResult[]);
  }

  async #evaluate(node: CompiledNode, samples: readonly Sample[], state: BatchState): Promise<RewardResult[]> {
    let results: RewardResult[];
    if (node.def.type === 'leaf') {
      const def = node.def;
      let memo = state.memo.get(node.id);
      if (!memo) state.memo.set(node.id, (memo = new Map()));
      const nodeMemo = memo;
      const outcomes = samples.map((sample) => this.#leafOnce(node, def, sample, state, nodeMemo));
      // Synchronous rewards skip the promise machinery entirely.
      results = outcomes.some((o) => o instanceof Promise) ? await Promise.all(outcomes) : (outcomes as RewardResult[]);
    } else {
      const handles: Record<string, NodeHandle[]> = {};
      for (const [slot, children] of Object.entries(node.slots)) {
        handles[slot] = children.map((child) => ({
          name: child.name,
          kind: child.kind,
          weight: child.weight,
          run: (subset: readonly Sample[]) => this.#evaluate(child, subset, state),
        }));
      }
      const combinator = node.def;
      const ctx = this.#compositeContext(combinator.capabilities);
      const run = async (subset: readonly Sample[]): Promise<RewardResult[]> => {
        const out = await combinator.run(subset, handles, node.params, ctx);
        if (out.length !== subset.length)
          throw new Error(`returned ${out.length} results for ${subset.length} samples`);
        return out;
      };
      try {
        results = await run(samples);
      } catch (err) {
        // One sample's failure must not touch the others batched with it: retry each on its own.
        const batchError = err;
        results =
          samples.length === 1
            ? [failed('reward-failed', `${node.kind} failed: ${toRewardError(batchError).message}`)]
            : await Promise.all(
                samples.map((sample) =>
                  run([sample]).then(
                    (one) => one[0] as RewardResult,
                    (e: unknown) => failed('reward-failed', `${node.kind} failed: ${toRewardError(e).message}`),
                  ),
                ),
              );
      }
      results = results.map((r) => checkResult(node.kind, r));
    }
    samples.forEach((sample, i) => {
      const result = results[i] as RewardResult;
      let comps = state.components.get(sample);
      if (!comps) state.components.set(sample, (comps = {}));
      comps[node.path] = result.status === 'scored' ? (result.score as number) : null;
      const entry = nodeEntry(result);
      if (entry) {
        let det = state.nodeDetails.get(sample);
        if (!det) state.nodeDetails.set(sample, (det = {}));
        det[node.path] = entry;
      }
    });
    return results;
  }

  /** A composite's context: the services, and a signal (made on first read) aborted at its cost's budget. */
  #compositeContext(caps: Capabilities): ScoreContext {
    let signal: AbortSignal | undefined;
    const budget = this.#timeoutMs ?? DEFAULT_BUDGET_MS[caps.cost];
    return {
      services: this.#services,
      get signal() {
        signal ??= AbortSignal.timeout(budget);
        return signal;
      },
      queued: (wait) => wait,
    };
  }

  #leafOnce(
    node: CompiledNode,
    def: LeafDefinition,
    sample: Sample,
    state: BatchState,
    memo: Map<number, RewardResult | Promise<RewardResult>>,
  ): RewardResult | Promise<RewardResult> {
    // Inside the task, so a throw stays this sample's also when the limiter defers the task to a free slot.
    const task = () => {
      try {
        return this.#scoreLeaf(node, def, sample);
      } catch (err) {
        return thrown(node.kind, err); // this sample alone
      }
    };
    // A trivial rule costs less than the JSON key that finds repeats: score it again. Dearer kinds (judges
    // included, whose identical calls would hit the model cache anyway) score each content once per batch.
    if (def.capabilities.cost === 'trivial') return this.#limiter.runMaybeSync(task);
    const contentId = contentIdOf(sample, state);
    let outcome = memo.get(contentId);
    if (outcome === undefined) {
      outcome = this.#limiter.runMaybeSync(task);
      memo.set(contentId, outcome);
    }
    return outcome;
  }

  #scoreLeaf(node: CompiledNode, def: LeafDefinition, sample: Sample): RewardResult | Promise<RewardResult> {
    let reference: unknown = sample.reference;
    if (def.capabilities.needsReference && (reference === undefined || reference === null || reference === '')) {
      return unscorable(
        'no-reference',
        `${node.kind} needs a reference and the sample has none${referenceHint(sample)}`,
      );
    }
    if (def.reference && reference !== undefined) {
      const parsed = def.reference.safeParse(reference);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = ['reference', ...(issue?.path ?? []).map(String)].join('.');
        return failed('invalid-reference', `${where}: ${issue?.message ?? 'invalid'} (for ${node.kind})`);
      }
      reference = parsed.data;
    }
    const budget = this.#timeoutMs ?? DEFAULT_BUDGET_MS[def.capabilities.cost];
    const call = new LeafCall(this.#services, sample, budget);
    let outcome: RewardResult | Promise<RewardResult>;
    try {
      outcome = def.score(sample, node.params, reference, call);
    } catch (err) {
      return thrown(node.kind, err);
    }
    // A synchronous reward has already finished: no timer to arm (it could not be preempted anyway).
    if (!(outcome instanceof Promise)) return checkResult(node.kind, outcome);
    const overrun = new Promise<RewardResult>((resolve) => {
      call.arm(() => resolve(failed('timeout', `${node.kind} overran its ${budget} ms budget`)));
    });
    return Promise.race([outcome, overrun]).then(
      (result) => {
        call.settle();
        return checkResult(node.kind, result);
      },
      (err: unknown) => {
        call.settle();
        return thrown(node.kind, err);
      },
    );
  }
}

/** A sample's result as `score` answers it: status, score, components, steps, details, code, message. */
function finalResult(
  result: RewardResult,
  components: Record<string, number | null>,
  details: Record<string, unknown> | undefined,
): RewardResult {
  const out: RewardResult = { status: result.status };
  if (result.score !== undefined) out.score = result.score;
  out.components = components;
  if (result.steps !== undefined) out.steps = result.steps;
  if (details !== undefined) out.details = details;
  if (result.code !== undefined) out.code = result.code;
  if (result.message !== undefined) out.message = result.message;
  return out;
}

/** The batch-wide content id of a sample (equal content, equal id); a sample that cannot be serialised gets one of its own. */
function contentIdOf(sample: Sample, state: BatchState): number {
  let contentId = state.contentIds.get(sample);
  if (contentId !== undefined) return contentId;
  let content: string;
  try {
    // Key order inside metadata may differ between equal samples: that only costs a missed dedupe.
    content = JSON.stringify([
      sample.prompt,
      sample.response,
      sample.reference,
      sample.group,
      sample.steps,
      sample.metadata,
    ]);
  } catch {
    content = `\u0000unique:${state.contents.size}`; // too deep or cyclic: no dedupe, and no failure for others
  }
  contentId = state.contents.get(content);
  if (contentId === undefined) state.contents.set(content, (contentId = state.contents.size));
  state.contentIds.set(sample, contentId);
  return contentId;
}

/** A reward that threw: a RewardError keeps its code, anything else is a bug (`reward-failed`). */
function thrown(kind: string, err: unknown): RewardResult {
  const e = toRewardError(err, 'reward-failed');
  return fromCode(e.code === 'internal' ? 'reward-failed' : e.code, `${kind}: ${e.message}`);
}

/** A non-finite or malformed score is a bug in the reward: report it rather than pass it on. */
function checkResult(kind: string, result: RewardResult): RewardResult {
  if (result.status === 'scored' && (typeof result.score !== 'number' || !Number.isFinite(result.score))) {
    return failed('reward-failed', `${kind} returned a non-finite score (${String(result.score)})`);
  }
  return result;
}

function nodeEntry(result: RewardResult): Record<string, unknown> | undefined {
  if (result.status === 'scored' && !result.details) return undefined;
  const entry: Record<string, unknown> = { status: result.status };
  if (result.code) entry.code = result.code;
  if (result.message) entry.message = result.message;
  if (result.details) entry.details = result.details;
  return entry;
}
