import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { Bleu, SMOOTH_METHODS } from '../bleu.js';
import { TOKENIZERS } from '../tokenizers.js';
import { defineTextReward, fieldParam, unitScore } from './input.js';

const params = z.object({
  tokenize: z.enum(TOKENIZERS).default('13a').describe('sacreBLEU tokenizer'),
  lowercase: z.boolean().default(false),
  smooth: z.enum(SMOOTH_METHODS).default('exp').describe('sacreBLEU smoothing method'),
  smoothValue: z.number().positive().optional().describe('floor / add-k value (defaults 0.1 / 1)'),
  maxOrder: z.number().int().min(1).max(10).default(4),
  effectiveOrder: z.boolean().default(true).describe('sacreBLEU recommends it for sentence BLEU'),
  field: fieldParam,
});

/** sacreBLEU sentence BLEU / 100 against one or more references. Example: `{kind: bleu, params: {tokenize: intl}}`. */
export const bleuReward = defineTextReward({
  kind: 'bleu',
  description: 'sacreBLEU-exact sentence BLEU (0-1) against one or more references',
  source: 'Papineni et al. 2002; sacreBLEU 2.6.0 (Post 2018), conformance-tested',
  params,
  compare(input, p) {
    const bleu = new Bleu({
      tokenize: p.tokenize,
      lowercase: p.lowercase,
      smoothMethod: p.smooth,
      maxNgramOrder: p.maxOrder,
      effectiveOrder: p.effectiveOrder,
      ...(p.smoothValue === undefined ? {} : { smoothValue: p.smoothValue }),
    });
    const s = bleu.sentence(input.hypothesis, input.references);
    return scored(unitScore(s.score), {
      bleu: s.score,
      precisions: s.precisions,
      bp: s.bp,
      sysLen: s.sysLen,
      refLen: s.refLen,
    });
  },
});
