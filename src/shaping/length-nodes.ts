import { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { type CompositeDefinition, defineComposite } from '../core/define.js';
import type { RewardResult, Sample } from '../core/types.js';
import {
  dapoOverlong,
  lengthUnit,
  openrlhfOverlong,
  responseLength,
  targetLengthPenalty,
  trlSoftOverlong,
} from './length.js';
import { SHAPING, shaped } from './node.js';

/**
 * A length penalty node: alone it scores the penalty (use it as a weighted-sum term); with a `reward`
 * child it scores reward + penalty. `gate(r)` may switch the penalty off for a given child reward.
 */
function defineLengthPenalty<
  P extends { unit: 'chars' | 'tokens'; tokenizer?: 'o200k_base' | 'cl100k_base' | undefined },
>(def: {
  kind: string;
  description: string;
  source: string;
  params: z.ZodType<P>;
  penalty: (length: number, p: P) => number;
  applies?: (reward: number | undefined, p: P) => boolean;
}): CompositeDefinition<P> {
  return defineComposite<P>({
    kind: def.kind,
    description: def.description,
    source: def.source,
    params: def.params,
    capabilities: { ...SHAPING },
    slots: { reward: 'optional' },
    async run(samples, children, p) {
      const child = children.reward?.[0];
      const childResults: Array<RewardResult | undefined> = child
        ? await child.run(samples)
        : samples.map(() => undefined);
      return Promise.all(
        samples.map(async (sample: Sample, i) => {
          const r = childResults[i];
          if (child && r) {
            const blocking = blockingChild([child], [r]);
            if (blocking) return blocking;
          }
          const length = await responseLength(sample, p);
          if (!length.ok) return length.result;
          const reward = r?.score;
          const on = def.applies ? def.applies(reward, p) : true;
          const penalty = on ? def.penalty(length.value, p) : 0;
          const details: Record<string, unknown> = { length: length.value, unit: p.unit, penalty };
          if (reward !== undefined) details.input = reward;
          if (!on) details.skipped = true;
          return shaped((reward ?? 0) + penalty, details);
        }),
      );
    },
  });
}

const overlongParams = z
  .object({
    maxLength: z.number().int().positive().describe('maximum response length (L_max)'),
    buffer: z.number().int().positive().describe('length of the soft-penalty buffer before L_max'),
    factor: z.number().min(0).default(1).describe('penalty at the end of the buffer'),
    ...lengthUnit,
  })
  .refine((p) => p.buffer <= p.maxLength, { message: 'buffer must not exceed maxLength', path: ['buffer'] });

/** DAPO overlong penalty as verl computes it: linear from 0 to −factor over the buffer, and on below past L_max. */
export const dapoOverlongNode = defineLengthPenalty({
  kind: 'dapo-overlong',
  description: "DAPO overlong penalty (verl's form): linear over the last `buffer` units, uncapped past maxLength",
  source: 'DAPO (arXiv 2503.14476) as in verl/workers/reward_manager/dapo.py',
  params: overlongParams,
  penalty: (L, p) => dapoOverlong(L, p.maxLength, p.buffer, p.factor),
});

/** OpenRLHF's overlong penalty: as DAPO, but capped at −factor past L_max. */
export const openrlhfOverlongNode = defineLengthPenalty({
  kind: 'openrlhf-overlong',
  description: "OpenRLHF's overlong penalty: linear over the last `buffer` units, capped at −factor",
  source: 'OpenRLHF openrlhf/trainer/ppo_utils/length_penalty.py',
  params: overlongParams,
  penalty: (L, p) => openrlhfOverlong(L, p.maxLength, p.buffer, p.factor),
});

/** TRL's soft overlong punishment: 0, then linear to −1 over the cache, −1 past L_max. */
export const trlSoftOverlongNode = defineLengthPenalty({
  kind: 'trl-soft-overlong',
  description: "TRL's soft overlong punishment (DAPO paper form): 0 → −1 over the cache, −1 past maxLength",
  source: 'TRL trl/rewards get_soft_overlong_punishment; DAPO (arXiv 2503.14476) eq. 13',
  params: z
    .object({
      maxLength: z.number().int().positive().describe('max_completion_len'),
      cache: z.number().int().positive().describe('soft_punish_cache'),
      ...lengthUnit,
    })
    .refine((p) => p.cache <= p.maxLength, { message: 'cache must not exceed maxLength', path: ['cache'] }),
  penalty: (L, p) => trlSoftOverlong(L, p.maxLength, p.cache),
});

/** Reconstruction (HARMO's generalised length penalty, formula not found): −λ·max(0, (L − target)/target)^power. */
export const targetLengthPenaltyNode = defineLengthPenalty({
  kind: 'target-length-penalty',
  description: 'Target-relative length penalty −λ·max(0, (L − target)/target)^p (a reconstruction)',
  source: 'Reconstruction of HARMO (arXiv 2510.05283) generalised length penalty; formula not published',
  params: z.object({
    target: z.number().positive().describe('target length'),
    lambda: z.number().min(0).default(1).describe('penalty scale λ'),
    power: z.number().positive().default(1).describe('exponent p (1 = linear)'),
    onlyAbove: z
      .number()
      .optional()
      .describe('with a reward child: penalise only when the reward is at least this (e.g. 1 = correct answers)'),
    ...lengthUnit,
  }),
  penalty: (L, p) => targetLengthPenalty(L, p.target, p.lambda, p.power),
  applies: (r, p) => p.onlyAbove === undefined || r === undefined || r >= p.onlyAbove,
});
