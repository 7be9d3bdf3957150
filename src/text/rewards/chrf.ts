import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { Chrf } from '../chrf.js';
import { defineTextReward, fieldParam, unitScore } from './input.js';

const params = z.object({
  charOrder: z.number().int().min(0).max(20).default(6),
  wordOrder: z.number().int().min(0).max(10).default(0).describe('2 gives chrF++'),
  beta: z.number().int().min(0).max(100).default(2).describe('recall is beta times as important as precision'),
  lowercase: z.boolean().default(false),
  whitespace: z.boolean().default(false).describe('keep spaces inside character n-grams'),
  epsSmoothing: z.boolean().default(false),
  field: fieldParam,
});

/** sacreBLEU chrF (chrF++ with `wordOrder: 2`) / 100, best over references. */
export const chrfReward = defineTextReward({
  kind: 'chrf',
  description: 'sacreBLEU-exact sentence chrF / chrF++ (0-1) against one or more references',
  source: 'Popović 2015 (chrF), 2017 (chrF++); sacreBLEU 2.6.0, conformance-tested',
  params: params.refine((p) => p.charOrder + p.wordOrder > 0, { message: 'charOrder + wordOrder must be at least 1' }),
  compare(input, p) {
    const s = new Chrf(p).sentence(input.hypothesis, input.references);
    return scored(unitScore(s.score), { chrf: s.score });
  },
});
