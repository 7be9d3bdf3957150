// Yes/no items judged one by one (rubric criteria, checklist items, principles, hard rules), and where they come from.
import { z } from 'zod';
import { backendsOf, type ChatMessage, type ChatReply, callOptions } from '../../backends/index.js';
import { RewardError } from '../../core/codes.js';
import type { ScoreContext } from '../../core/define.js';
import { failed } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { ratingDistribution } from '../../model-rewards/index.js';
import {
  type Ask,
  allSettledOrThrow,
  askAll,
  askJudge,
  fenced,
  JudgeFailure,
  type JudgeOptions,
  messagesOf,
  promptOf,
  responseOf,
  screened,
  type VerdictSchema,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, type TemplateChoice } from '../engine/templates.js';
import { readMet } from '../parse/verdicts.js';

export const MET_SCHEMA: VerdictSchema = {
  name: 'criterion',
  schema: {
    type: 'object',
    properties: { reasoning: { type: 'string' }, met: { type: 'boolean' } },
    required: ['reasoning', 'met'],
    additionalProperties: false,
  },
};

/** Asks the judge about every item, in parallel; one failed item fails the sample (never counted as unmet). */
export async function judgeItems(
  ctx: ScoreContext,
  p: JudgeOptions & { structured: boolean },
  template: TemplateChoice,
  vars: { prompt: string; response: string },
  items: readonly string[],
): Promise<boolean[]> {
  const t = resolveTemplate(template);
  return allSettledOrThrow(
    items.map(async (criterion) => {
      const v = { ...vars, criterion };
      const messages = messagesOf(fillTemplate(t.system, v), fillTemplate(t.user, v));
      return (await askJudge(ctx, p, messages, readMet, p.structured ? MET_SCHEMA : undefined)).value;
    }),
  );
}

/**
 * The whole judged-items path of checklist-style kinds: screen the response for master keys, ask the judge
 * once per item (`itemAsks`), and let `finish` turn the verdicts into the result.
 */
export function askEachItem(
  sample: Sample,
  ctx: ScoreContext,
  p: JudgeOptions & { structured: boolean; template: TemplateChoice },
  items: readonly string[],
  finish: (met: boolean[]) => RewardResult,
): RewardResult | Promise<RewardResult> {
  const response = responseOf(sample, p);
  const settled = screened(ctx, p, response);
  if (settled) return settled;
  const vars = { prompt: promptOf(sample), response: fenced(response) };
  return askAll(ctx, p, itemAsks(p, p.template, vars, items), finish);
}

/**
 * Items from the sample's reference (`reference[field]`, or the reference itself when it is a list), else
 * from the spec; a sample's own list wins (datasets such as HealthBench carry one rubric per prompt).
 */
export function itemsFrom<T>(
  reference: unknown,
  field: string,
  schema: z.ZodType<T[]>,
  fromSpec: T[] | undefined,
): { items: T[] } | { result: RewardResult } | { none: true } {
  const raw = Array.isArray(reference)
    ? reference
    : reference && typeof reference === 'object'
      ? (reference as Record<string, unknown>)[field]
      : undefined;
  if (raw !== undefined) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = ['reference', ...(Array.isArray(reference) ? [] : [field]), ...(issue?.path ?? []).map(String)];
      return { result: failed('invalid-reference', `${at.join('.')}: ${issue?.message ?? 'invalid'}`) };
    }
    return { items: parsed.data };
  }
  return fromSpec && fromSpec.length > 0 ? { items: fromSpec } : { none: true };
}

export const structuredParam = z.boolean().default(true).describe('ask for JSON by schema (response_format)');

/** The reference field a sample's own items are read from. */
export const fieldParam = (fallback: string) =>
  z
    .string()
    .regex(/^[\w-]+$/)
    .default(fallback)
    .describe(`reference field holding the sample's own items (default "${fallback}"; it wins over the spec's)`);

/** One yes/no call per item (run them with `askAll`: cached re-runs answer synchronously). */
export function itemAsks(
  p: { structured: boolean },
  template: TemplateChoice,
  vars: { prompt: string; response: string },
  items: readonly string[],
): Array<Ask<boolean>> {
  const t = resolveTemplate(template);
  return items.map((criterion) => {
    const v = { ...vars, criterion };
    return {
      messages: messagesOf(fillTemplate(t.system, v), fillTemplate(t.user, v)),
      read: readMet,
      schema: p.structured ? MET_SCHEMA : undefined,
    };
  });
}

const YES = ['Yes', 'yes', 'YES'];
const NO = ['No', 'no', 'NO'];

/**
 * P(Yes) of one yes/no question from the first token's top log-probs, renormalised over Yes/No spellings
 * (RLBFF: the reward is the probability of "Yes"). Below `minMass` on those tokens: judge-unparsable.
 */
export async function probabilityOfYes(
  ctx: ScoreContext,
  p: JudgeOptions & { minMass: number },
  messages: ChatMessage[],
): Promise<number> {
  const backends = backendsOf(ctx, p.backend);
  let value = 0;
  const accept = (reply: ChatReply) => {
    const d = ratingDistribution(p.backend, reply.logprobs ?? [], [...YES, ...NO]);
    if (d.mass < p.minMass) {
      throw new JudgeFailure(
        'judge-unparsable',
        `only ${d.mass.toFixed(3)} of the probability is on Yes/No (minMass ${p.minMass})`,
      );
    }
    value = d.p.slice(0, YES.length).reduce((a, b) => a + b, 0);
  };
  try {
    await backends.chat(
      p.backend,
      { messages, maxTokens: 1, temperature: 0, topLogprobs: 20, accept },
      callOptions(ctx),
    );
    backends.stats.of(p.backend).verdicts++;
    return value;
  } catch (err) {
    if (err instanceof RewardError) backends.stats.judgeFail(p.backend, err.code);
    throw err;
  }
}
