import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import {
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  screened,
  type VerdictSchema,
} from '../../judges/engine/call.js';
import { fillTemplate, type Template, templateSchema } from '../../judges/engine/templates.js';
import { readJsonObject } from '../../judges/parse/json-repair.js';
import { type Read, readMet } from '../../judges/parse/verdicts.js';
import { tagBlocks } from '../../rewards/extract.js';
import { answerParam, finalAnswer } from '../answer.js';
import racTemplate from '../data/rac-template.json' with { type: 'json' };

const SCHEMA: VerdictSchema = {
  name: 'consistency',
  schema: {
    type: 'object',
    properties: { reasoning: { type: 'string' }, consistent: { type: 'boolean' } },
    required: ['reasoning', 'consistent'],
    additionalProperties: false,
  },
};

let builtin: Template | undefined;
/** The shipped RAC template (data/rac-template.json), validated by the judges' template schema on first use. */
export function racTemplateOf(): Template {
  builtin ??= templateSchema.parse(racTemplate);
  return builtin;
}

const params = z.strictObject({
  ...judgeParams,
  stripThink: z.literal(false).default(false).describe('always false: the reasoning is what RAC reads'),
  template: z
    .union([z.literal('rac'), templateSchema])
    .default('rac')
    .describe(
      '"rac" (src/vision-rewards/data/rac-template.json) or your own {system, user} with {{reasoning}}, {{answer}}',
    ),
  structured: z.boolean().default(true).describe('ask for JSON by schema (response_format)'),
  extract: answerParam(),
});

/** A consistency verdict: JSON `consistent`, else the yes/no reading of a criterion verdict. */
export function readConsistent(text: string): Read<boolean> {
  const json = readJsonObject(text);
  if (json && typeof json.consistent === 'boolean') return { ok: true, value: json.consistent };
  return readMet(text);
}

/** The reasoning of a response: its <think> blocks, else everything before the final answer. */
export function reasoningOf(text: string, answer: string): string {
  const think = tagBlocks(text, 'think').join('\n').trim();
  if (think) return think;
  const visible = stripReasoning(text);
  const at = visible.lastIndexOf(answer);
  return (at > 0 ? visible.slice(0, at) : '').replace(/<answer>\s*$/i, '').trim();
}

/**
 * PC-GRPO reasoning–answer consistency (RAC): a judge says whether the final answer follows from the
 * response's own reasoning; 1 consistent, 0 not. Its mean over rollouts is the paper's RAC rate; as the `when`
 * of a `gate` it is the consistency-enforcing reward r·RAC. No reasoning or no answer scores 0 with no call.
 */
export const puzzleRac = defineReward({
  kind: 'puzzle-rac',
  description: 'PC-GRPO RAC: judge says whether the final answer follows from the response’s own reasoning (1/0)',
  source: 'Puzzle Curriculum GRPO (PC-GRPO, arXiv 2512.14944): RAC metric; gating r·RAC is a reconstruction',
  params,
  capabilities: JUDGE,
  backendsOf: (p) => [p.backend],
  score(sample, p, _reference, ctx) {
    const text = responseText(sample);
    const answer = finalAnswer(text, p.extract);
    if (answer === null) return scored(0, { reason: 'no-answer', judged: false });
    const reasoning = reasoningOf(text, answer);
    if (reasoning === '') return scored(0, { reason: 'no-reasoning', judged: false });
    const settled = screened(ctx, p, reasoning); // a bare opener ("Thought process:") is no reasoning
    if (settled) return settled;
    const t = p.template === 'rac' ? racTemplateOf() : p.template;
    const vars = { prompt: promptOf(sample), reasoning: fenced(reasoning), answer: fenced(answer) };
    const ask = {
      messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
      read: readConsistent,
      schema: p.structured ? SCHEMA : undefined,
    };
    return askAll(ctx, p, [ask], ([v]) => scored(v ? 1 : 0, { consistent: v }));
  },
});
