// Pairwise judges: the response against a second candidate (the sample's reference), judged in both orders.
import { z } from 'zod';
import type { ChatMessage } from '../../backends/index.js';
import { defineReward, type LeafDefinition, type ScoreContext } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import {
  allSettledOrThrow,
  askAll,
  askJudge,
  fenced,
  JUDGE,
  type JudgeOptions,
  judgeParams,
  messagesOf,
  promptOf,
  responseOf,
  screened,
  settle,
  type VerdictSchema,
} from '../engine/call.js';
import {
  fillTemplate,
  resolveTemplate,
  type Template,
  type TemplateChoice,
  type TemplateKey,
  templateParam,
} from '../engine/templates.js';
import type { Preference, Read } from '../parse/verdicts.js';

/** The other candidate: a string, or `{response}` / `{action}` (extra fields are left to other nodes). */
export const otherCandidate = z.union([
  z.string().min(1),
  z.looseObject({ response: z.string().min(1) }),
  z.looseObject({ action: z.string().min(1) }),
]);
type Other = z.infer<typeof otherCandidate>;
const otherText = (r: Other): string =>
  typeof r === 'string' ? r : 'response' in r ? String(r.response) : String((r as { action: string }).action);

export const swapParams = {
  swap: z.boolean().default(true).describe('judge both orders (A/B, then B/A) to cancel position bias'),
  inconsistent: z
    .enum(['unscorable', 'tie'])
    .default('unscorable')
    .describe('opposite verdicts across the two orders: unscorable (judge-inconsistent) or a tie (0.5)'),
};

type Outcome = 'win' | 'tie' | 'loss';
const SCORE: Record<Outcome, number> = { win: 1, tie: 0.5, loss: 0 };

/** A pair verdict from the response's point of view, given which slot it held. */
function outcome(v: Preference, responseFirst: boolean): Outcome {
  if (v === 'tie') return 'tie';
  return (v === 'first') === responseFirst ? 'win' : 'loss';
}

/**
 * Combines the two orders: equal outcomes stand; win+tie averages (0.75, as JudgeBench's double-game counter
 * leans, and are reported as not consistent); win+loss is position bias, reported as judge-inconsistent (or a tie when asked).
 */
export function combineSwap(a: Outcome, b: Outcome, onInconsistent: 'unscorable' | 'tie'): RewardResult {
  const details = { verdicts: [a, b], consistent: a === b };
  if ((a === 'win' && b === 'loss') || (a === 'loss' && b === 'win')) {
    return onInconsistent === 'tie'
      ? scored(0.5, { ...details, consistent: false })
      : unscorable('judge-inconsistent', `the verdict flipped with the order (${a} as A, ${b} as B)`, {
          ...details,
          consistent: false,
        });
  }
  return scored((SCORE[a] + SCORE[b]) / 2, details);
}

type PairwiseSpec<P extends JudgeOptions> =
  /** One call per ordering: how its verdict is read (cached re-runs answer synchronously). */
  | { single: (p: P) => { read: (f: string) => Read<Preference>; schema?: VerdictSchema | undefined } }
  /** Several calls per ordering (two-turn judges make their first call inside). */
  | { ask: (ctx: ScoreContext, p: P, t: Template, vars: Record<string, string>) => Promise<Preference> };

/** A pairwise kind: screening, both orders, and the swap rule. */
export function pairwiseKind<
  P extends JudgeOptions & { template: TemplateChoice; swap: boolean; inconsistent: 'unscorable' | 'tie' },
>(def: {
  kind: string;
  description: string;
  source: string;
  params: z.ZodType<P>;
  spec: PairwiseSpec<P>;
}): LeafDefinition<P, Other> {
  return defineReward<P, Other>({
    kind: def.kind,
    description: def.description,
    source: def.source,
    params: def.params,
    reference: otherCandidate,
    capabilities: { ...JUDGE, needsReference: true },
    backendsOf: (p) => [p.backend],
    score(sample: Sample, p: P, ref: Other, ctx: ScoreContext) {
      const response = responseOf(sample, p);
      const settled = screened(ctx, p, response);
      if (settled) return settled;
      const t = resolveTemplate(p.template);
      const prompt = promptOf(sample);
      const mine = fenced(response);
      const theirs = fenced(otherText(ref));
      const vars = (responseFirst: boolean) => ({
        prompt,
        first: responseFirst ? mine : theirs,
        second: responseFirst ? theirs : mine,
      });
      const orders = p.swap ? [true, false] : [true];
      const finish = (verdicts: Preference[]): RewardResult => {
        const [a, b] = verdicts.map((v, k) => outcome(v, orders[k] as boolean)) as [Outcome, Outcome | undefined];
        return b === undefined ? scored(SCORE[a], { verdicts: [a] }) : combineSwap(a, b, p.inconsistent);
      };
      const spec = def.spec;
      if ('single' in spec) {
        const { read, schema } = spec.single(p);
        const asks = orders.map((first) => {
          const v = vars(first);
          return { messages: messagesOf(fillTemplate(t.system, v), fillTemplate(t.user, v)), read, schema };
        });
        return askAll(ctx, p, asks, finish);
      }
      return settle(async () =>
        finish(await allSettledOrThrow(orders.map((first) => spec.ask(ctx, p, t, vars(first))))),
      );
    },
  });
}

/** Two calls: the template's user turn (analysis, any non-empty text), then its follow-up turn read by `read`. */
export function twoTurns(read: (f: string) => Read<Preference>) {
  return async (ctx: ScoreContext, p: JudgeOptions, t: Template, vars: Record<string, string>) => {
    const first = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
    const analysis = await askJudge(ctx, p, first, (f) => (f.trim() ? { ok: true, value: f } : { ok: false }));
    const second: ChatMessage[] = [
      ...first,
      { role: 'assistant', content: analysis.text },
      { role: 'user', content: fillTemplate(t.followUp ?? 'Give your final verdict: [[A]] or [[B]].', vars) },
    ];
    return (await askJudge(ctx, p, second, read)).value;
  };
}

export const pairwiseParams = (template: TemplateKey) => ({
  ...judgeParams,
  ...swapParams,
  template: templateParam(template),
});

export const PREFERENCE_SCHEMA: VerdictSchema = {
  name: 'preference',
  schema: {
    type: 'object',
    properties: { reasoning: { type: 'string' }, verdict: { type: 'string', enum: ['A', 'B', 'tie'] } },
    required: ['reasoning', 'verdict'],
    additionalProperties: false,
  },
};
