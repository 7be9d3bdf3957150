import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../compose/children.js';
import { defineComposite } from '../core/define.js';
import { failed, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import type { Sample } from '../core/types.js';
import { SHAPING, shaped } from './node.js';
import { segmentEnds } from './segments.js';

const termConfig = z.object({
  segment: z
    .enum(['sentence', 'sub-sentence', 'sequence'])
    .default('sequence')
    .describe('the unit this reward model scores'),
  form: z
    .enum(['sign', 'linear'])
    .default('linear')
    .describe('sign: +w if the segment score ≥ 0.5 (no error) else −w; linear: w·(v − mean)/std + bias'),
  mean: z.number().default(0),
  std: z.number().positive().default(1),
  bias: z.number().default(0),
});

type TermConfig = z.infer<typeof termConfig>;

/**
 * Fine-Grained RLHF dense reward (Wu et al. 2023, eq. 1 without the KL term): r_t = Σ_k Σ_j 1[t = T^k_j]·w_k·R_k(j).
 * Each term is a reward model k whose per-segment scores come as its result's steps (or its score for
 * `sequence`); w_k is the term's weight. Steps of the result are the rewards at the merged segment ends
 * (character offsets in `details.positions`); the score is their sum.
 */
export const fineGrainedSegments = defineComposite({
  kind: 'fine-grained-segments',
  description: 'Fine-Grained RLHF: per-segment rewards of several RMs, weighted and placed at segment ends',
  source: 'Wu et al. 2023, Fine-Grained Human Feedback (arXiv 2306.01693), allenai/FineGrainedRLHF',
  params: z.object({
    rms: z.record(z.string(), termConfig).default({}).describe('per term name: segment unit and form'),
  }),
  capabilities: { ...SHAPING, stepLevel: true },
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = (children.terms ?? []).filter((t) => t.weight !== 0);
    const byChild = await runChildren(terms, samples);
    return perSample(byChild, samples.length).map((results, s) => {
      const blocking = blockingChild(terms, results);
      if (blocking) return blocking;
      const text = responseText(samples[s] as Sample);
      const at = new Map<number, number>();
      const parts: Record<string, { segments: number; reward: number }> = {};
      for (let k = 0; k < terms.length; k++) {
        const term = terms[k];
        const r = results[k];
        if (!term || !r) continue;
        const cfg: TermConfig = termConfig.parse(p.rms[term.name] ?? {});
        const ends = segmentEnds(text, cfg.segment);
        if (ends.length === 0) return unscorable('empty-response', 'the response has no segments to reward');
        const values = cfg.segment === 'sequence' && !r.steps ? [r.score as number] : (r.steps ?? []);
        if (values.length !== ends.length) {
          return failed(
            'child-failed',
            `${term.name}: gave ${values.length} segment scores but the response has ${ends.length} ${cfg.segment} segments`,
          );
        }
        const w = term.weight ?? 1;
        let sum = 0;
        values.forEach((v, j) => {
          const reward = cfg.form === 'sign' ? (v >= 0.5 ? w : -w) : (w * (v - cfg.mean)) / cfg.std + cfg.bias;
          const pos = ends[j] as number;
          at.set(pos, (at.get(pos) ?? 0) + reward);
          sum += reward;
        });
        parts[term.name] = { segments: ends.length, reward: sum };
      }
      const positions = [...at.keys()].sort((a, b) => a - b);
      const steps = positions.map((pos) => at.get(pos) as number);
      return shaped(
        steps.reduce((a, b) => a + b, 0),
        { positions, terms: parts },
        steps,
      );
    });
  },
});
