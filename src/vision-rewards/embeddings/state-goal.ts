import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import { cosine, EMBEDDING, embedAll, embedBackendParam } from './vectors.js';

const params = z.strictObject({
  backend: embedBackendParam,
  mode: z
    .enum(['similarity', 'progress'])
    .default('similarity')
    .describe('similarity: R_t = cos(E(s_t), E(goal)); progress: R_t − R_{t−1} against metadata.previousState'),
  stateFrom: z
    .enum(['metadata', 'response'])
    .default('metadata')
    .describe('metadata: the environment’s state text in metadata.state; response: the policy’s own text (copyable!)'),
});
const reference = z.union([z.string().min(1), z.looseObject({ goal: z.string().min(1) })]);

// StateFactory-style state–goal reward (closest reading): R_t = cos(E(s_t), E(g)); progress Δ_t = R_t − R_{t−1}.
export function stateGoalReward(state: number[], goal: number[], previous?: number[]): number {
  const now = cosine(state, goal);
  return previous ? now - cosine(previous, goal) : now;
}

const textAt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * StateFactory-style reward: cosine similarity of the embedded current state and the goal state (the reference),
 * or its progress since the previous state. The state is read from `metadata.state` (written by the environment)
 * unless `stateFrom: response`. Example: `{kind: state-goal-similarity, params: {mode: progress}}`.
 */
export const stateGoalSimilarity = defineReward({
  kind: 'state-goal-similarity',
  description: 'StateFactory-style: cosine of state and goal embeddings, or its progress since the previous state',
  source: 'StateFactory (state–goal semantic similarity; formula is a reconstruction, paper-methods §20)',
  params,
  reference,
  capabilities: { ...EMBEDDING, needsReference: true, bounds: [-2, 2] },
  backendsOf: (p) => [p.backend],
  async score(sample, p, ref: z.infer<typeof reference>, ctx) {
    const goal = typeof ref === 'string' ? ref : ref.goal;
    const state =
      p.stateFrom === 'metadata' ? textAt(sample.metadata?.state) : textAt(stripReasoning(responseText(sample)));
    if (!state)
      return p.stateFrom === 'metadata'
        ? unscorable('missing-input', 'no metadata.state (the environment’s state text)')
        : unscorable('empty-response', 'the response is empty');
    const previous = p.mode === 'progress' ? textAt(sample.metadata?.previousState) : undefined;
    if (p.mode === 'progress' && !previous)
      return unscorable('missing-input', 'progress needs metadata.previousState (the state before this step)');
    const rows = await embedAll(ctx, p.backend, previous ? [state, goal, previous] : [state, goal]);
    const [s, g, prev] = rows as [number[], number[], number[] | undefined];
    if (s.length !== g.length) return failed('model-error', 'state and goal embeddings differ in dimension');
    const similarity = cosine(s, g);
    return scored(stateGoalReward(s, g, prev), { similarity });
  },
});
