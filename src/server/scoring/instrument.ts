import type { LeafDefinition } from '../../core/define.js';
import { DEFAULT_BUDGET_MS } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';

/** Called around every leaf call: `start` before the synchronous part, `end` when the result is ready. */
export interface LeafProbe {
  /** `budgetMs` is the budget the runner enforces for this leaf. */
  start(sample: Sample, path: string, budgetMs: number): void;
  /** The synchronous part returned (the event loop is free again). */
  returned(): void;
  /** The result for `sample` is ready after `ms` milliseconds. */
  end(sample: Sample, path: string, ms: number): void;
}

function wrapLeaf(def: LeafDefinition, path: string, probe: LeafProbe, timeoutMs: number | undefined): LeafDefinition {
  const budget = timeoutMs ?? DEFAULT_BUDGET_MS[def.capabilities.cost];
  return {
    ...def,
    score(sample, params, reference, ctx) {
      const t0 = performance.now();
      probe.start(sample, path, budget);
      let out: ReturnType<LeafDefinition['score']>;
      try {
        out = def.score(sample, params, reference, ctx);
      } catch (err) {
        probe.returned();
        probe.end(sample, path, performance.now() - t0);
        throw err;
      }
      probe.returned();
      if (out instanceof Promise) return out.finally(() => probe.end(sample, path, performance.now() - t0));
      probe.end(sample, path, performance.now() - t0);
      return out;
    },
  };
}

/** The same tree with every leaf reporting to `probe`; ids are kept, so dedupe and results are unchanged. */
export function instrumentTree(node: CompiledNode, probe: LeafProbe, timeoutMs?: number): CompiledNode {
  const slots = Object.fromEntries(
    Object.entries(node.slots).map(([slot, children]) => [
      slot,
      children.map((c) => instrumentTree(c, probe, timeoutMs)),
    ]),
  );
  const def = node.def.type === 'leaf' ? wrapLeaf(node.def, node.path, probe, timeoutMs) : node.def;
  return { ...node, def, slots };
}
