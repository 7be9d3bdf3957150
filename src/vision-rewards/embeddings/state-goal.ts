import { z } from 'zod';
import { defineReward, type ScoreContext } from '../../core/define.js';
import { sampleImages } from '../../core/images.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import type { Sample } from '../../core/types.js';
import { cosine, EMBEDDING, embedAll, embedBackendParam } from './vectors.js';

const params = z.strictObject({
  backend: embedBackendParam,
  mode: z
    .enum(['similarity', 'progress'])
    .default('similarity')
    .describe('similarity: R_t = cos(E(s_t), E(goal)); progress: R_t − R_{t−1} against metadata.previousState'),
  stateFrom: z
    .enum(['metadata', 'response', 'image'])
    .default('metadata')
    .describe(
      'metadata: the environment’s state text in metadata.state; response: the policy’s own text (copyable!); image: the sample’s last image (progress: against the image before it)',
    ),
});
const reference = z.union([z.string().min(1), z.looseObject({ goal: z.string().min(1) })]);

// StateFactory-style state–goal reward (closest reading): R_t = cos(E(s_t), E(g)); progress Δ_t = R_t − R_{t−1}.
export function stateGoalReward(state: number[], goal: number[], previous?: number[]): number {
  const now = cosine(state, goal);
  return previous ? now - cosine(previous, goal) : now;
}

const textAt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The image path: the sample's last image is the state, the one before it the previous state (for progress). */
async function imageState(sample: Sample, p: z.infer<typeof params>, goal: string, ctx: ScoreContext) {
  const images = sampleImages(sample);
  const now = images.at(-1);
  if (!now) return unscorable('missing-input', 'stateFrom image: the sample carries no image');
  const before = p.mode === 'progress' ? images.at(-2) : undefined;
  if (p.mode === 'progress' && !before)
    return unscorable(
      'missing-input',
      'progress on images needs two images (the state before this step, then this one)',
    );
  const asked = before ? [{ image: now.url }, goal, { image: before.url }] : [{ image: now.url }, goal];
  const [s, g, prev] = (await embedAll(ctx, p.backend, asked)) as [number[], number[], number[] | undefined];
  if (s.length !== g.length) return failed('model-error', 'state and goal embeddings differ in dimension');
  return scored(stateGoalReward(s, g, prev), { similarity: cosine(s, g), state: now.path });
}

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
    if (p.stateFrom === 'image') return imageState(sample, p, goal, ctx);
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
