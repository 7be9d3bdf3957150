import { z } from 'zod';
import { defineReward, type ScoreContext } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import {
  type Ask,
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  RATING_SCHEMA,
} from '../../judges/engine/call.js';
import { masterKey } from '../../judges/engine/harden.js';
import type { Template } from '../../judges/engine/templates.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { MET_SCHEMA } from '../../judges/kinds/items.js';
import { readMet, readRating } from '../../judges/parse/verdicts.js';
import { trajectorySteps } from '../retrieval/steps.js';
import { type AgentTemplateKey, agentTemplateParam, resolveAgentTemplate } from './templates.js';

const stepParams = {
  ...judgeParams,
  maxSteps: z.number().int().min(1).default(32).describe('a trajectory with more steps is unscorable'),
  historyChars: z
    .number()
    .int()
    .min(0)
    .default(4000)
    .describe('characters of earlier steps shown to the judge (latest kept)'),
};

interface StepOptions {
  maxSteps: number;
  historyChars: number;
  template: AgentTemplateKey | Template;
}

/**
 * Judges each step with the earlier steps as context. Repeated steps (same text as an earlier one) and
 * master-key steps score 0 with no call, so padding a trajectory cannot raise its mean.
 */
function judgeSteps<T>(
  sample: Sample,
  p: StepOptions & z.infer<z.ZodObject<typeof judgeParams>>,
  ctx: ScoreContext,
  steps: string[],
  extra: Record<string, string>,
  read: (f: string) => { ok: true; value: T } | { ok: false; invalid?: string },
  schema: typeof MET_SCHEMA,
  toScore: (v: T) => number,
): RewardResult | Promise<RewardResult> {
  if (steps.length === 0) return unscorable('empty-response', 'no steps to judge');
  if (steps.length > p.maxSteps)
    return unscorable('missing-input', `${steps.length} steps, above maxSteps ${p.maxSteps}`);
  const t = resolveAgentTemplate(p.template);
  const seen = new Set<string>();
  const judged: number[] = [];
  const asks: Array<Ask<T>> = [];
  steps.forEach((step, i) => {
    const key = step.replace(/\s+/g, ' ').trim().toLowerCase();
    if (seen.has(key) || masterKey(step)) return;
    seen.add(key);
    judged.push(i);
    const history = steps.slice(0, i).join('\n---\n').slice(-p.historyChars);
    const vars = { prompt: promptOf(sample), history: fenced(history), step: fenced(step), ...extra };
    asks.push({ messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)), read, schema });
  });
  return askAll(ctx, p, asks, (values) => {
    const out = steps.map(() => 0);
    judged.forEach((i, j) => {
      out[i] = toScore(values[j] as T);
    });
    return scored(
      out.reduce((a, b) => a + b, 0) / out.length,
      { judged: judged.length, skipped: steps.length - judged.length },
      out,
    );
  });
}

const principles = z.array(z.string().min(1)).min(1);
const DEFAULT_PRINCIPLES = [
  'Each search asks for information the agent does not have yet.',
  'Reasoning uses the retrieved information and does not invent facts.',
  'The step moves toward answering the question.',
];

/**
 * PPR principle process reward (Xu et al. 2509.25598): every intermediate step (the final answer turn
 * excluded, as in the paper's code) rated 0–10 against principles, normalised to [0, 1] (score / max);
 * `steps` feed `renorm` with the outcome. Principles: params, else `reference.principles`, else a default set.
 * Example: `{kind: renorm, outcome: {kind: exact-match}, steps: {kind: ppr-step-judge}}`.
 */
export const pprStepJudge = defineReward({
  kind: 'ppr-step-judge',
  description: 'PPR principle step judge: each intermediate step rated 0-10 against principles, as [0, 1] steps',
  source: 'PPR / ReNorm, Xu et al. arXiv 2509.25598 (step score / max score; answer turn excluded); template ours',
  params: z.strictObject({
    ...stepParams,
    template: agentTemplateParam('ppr-step'),
    principles: principles.optional(),
  }),
  capabilities: { ...JUDGE, stepLevel: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const fromRef = principles.safeParse((sample.reference as { principles?: unknown } | undefined)?.principles);
    const list = p.principles ?? (fromRef.success ? fromRef.data : DEFAULT_PRINCIPLES);
    const steps = trajectorySteps(sample).slice(0, -1);
    const extra = { principles: list.map((x, i) => `${i + 1}. ${x}`).join('\n') };
    return judgeSteps(
      sample,
      p,
      ctx,
      steps,
      extra,
      (f) => readRating(f, 0, 10),
      RATING_SCHEMA,
      (r) => r / 10,
    );
  },
});

/**
 * SLATE-style step rewards: every step of the trajectory judged correct-and-useful (1) or not (0) with the
 * earlier steps as context; score = mean, `steps` = per-step verdicts. Example: `{kind: slate-step-judge}`.
 */
export const slateStepJudge = defineReward({
  kind: 'slate-step-judge',
  description: 'SLATE-style step judge: each trajectory step judged correct and useful (1) or not (0)',
  source: 'SLATE (step-level LLM-judge rewards for agent trajectories) — reconstruction; template ours',
  params: z.strictObject({ ...stepParams, template: agentTemplateParam('slate-step') }),
  capabilities: { ...JUDGE, stepLevel: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    return judgeSteps(sample, p, ctx, trajectorySteps(sample), {}, readMet, MET_SCHEMA, Number);
  },
});

/**
 * WebRL trajectory outcome reward (Qi et al. 2024, WebRL ORM): the judge reads the task and the whole
 * trajectory (actions and observations) and says whether the task was completed: 1 or 0.
 * Example: `{kind: webrl-outcome}`.
 */
export const webrlOutcome = defineReward({
  kind: 'webrl-outcome',
  description: 'WebRL outcome judge: 1 when an LLM judge finds the trajectory completed the task, else 0',
  source: 'WebRL (Qi et al. 2024, arXiv 2411.02337) outcome-supervised reward model, as a judge — template ours',
  params: z.strictObject({
    ...judgeParams,
    template: agentTemplateParam('webrl-outcome'),
    maxChars: z.number().int().min(1).default(24_000).describe('characters of the trajectory shown (latest kept)'),
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const steps = trajectorySteps(sample);
    if (steps.length === 0) return unscorable('empty-response', 'webrl-outcome: the trajectory is empty');
    const t = resolveAgentTemplate(p.template);
    const vars = { prompt: promptOf(sample), trajectory: fenced(steps.join('\n---\n').slice(-p.maxChars)) };
    const ask = {
      messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
      read: readMet,
      schema: MET_SCHEMA,
    };
    return askAll(ctx, p, [ask], ([done]) => scored(done ? 1 : 0, { completed: done }));
  },
});
