import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { hfBleu } from '../hf-bleu.js';
import { pyStrip } from '../python-str.js';
import { defineTextReward, fieldParam } from './input.js';

const params = z.object({
  maxOrder: z.number().int().min(1).max(10).default(4),
  smooth: z.boolean().default(true).describe('add-one smoothing on every order, as BLEUBERI trains with'),
  field: fieldParam,
});

/** BLEUBERI's reward: HF `evaluate` BLEU (13a, smoothed, shortest-reference BP), 0 for an empty answer. */
export const bleuberiReward = defineTextReward({
  kind: 'bleuberi',
  description: 'BLEUBERI reward: HF evaluate BLEU (13a, add-one smoothing, shortest-reference BP), 0-1',
  source: 'Chang et al. 2025, BLEUBERI (arXiv 2505.11080); HF evaluate bleu / TF-NMT compute_bleu',
  params,
  compare(input, p) {
    if (pyStrip(input.hypothesis) === '') return scored(0, { reason: 'empty-prediction' });
    const s = hfBleu(input.hypothesis, input.references, { maxOrder: p.maxOrder, smooth: p.smooth });
    return scored(s.bleu, {
      precisions: s.precisions,
      bp: s.bp,
      translationLength: s.translationLength,
      referenceLength: s.referenceLength,
    });
  },
});
