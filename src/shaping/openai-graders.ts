// OpenAI RFT grader kinds: `string_check` as a leaf and `multi` (a formula over named graders).
import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../compose/children.js';
import { defineComposite, defineReward, RULE } from '../core/define.js';
import { failed, scored } from '../core/outcome.js';
import { ExpressionError, evaluate, parseExpression, variablesOf } from './expression.js';
import { SHAPING, shaped } from './node.js';
import { renderTemplate, templateString } from './template.js';

/** OpenAI `string_check`: 1 when the rendered input and reference satisfy `operation`, else 0. */
export const openaiStringCheck = defineReward({
  kind: 'openai.string-check',
  description: 'OpenAI string_check grader: eq, ne, like (contains) or ilike (case-insensitive contains)',
  source: 'OpenAI RFT graders (string_check), openai-node grader-models.ts',
  params: z.object({
    input: templateString.default('{{ sample.output_text }}').describe('template of the text to check'),
    reference: templateString.describe('template of the text to compare with, e.g. "{{ item.reference }}"'),
    operation: z.enum(['eq', 'ne', 'like', 'ilike']),
  }),
  capabilities: { ...RULE, bounds: [0, 1] },
  score(sample, p) {
    const input = renderTemplate(p.input, sample);
    if (!input.ok) return input.result;
    const reference = renderTemplate(p.reference, sample);
    if (!reference.ok) return reference.result;
    const a = input.value;
    const b = reference.value;
    const pass =
      p.operation === 'eq'
        ? a === b
        : p.operation === 'ne'
          ? a !== b
          : p.operation === 'like'
            ? a.includes(b)
            : a.toLowerCase().includes(b.toLowerCase());
    return scored(pass ? 1 : 0);
  },
});

const formula = z.string().superRefine((value, ctx) => {
  try {
    parseExpression(value);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    ctx.addIssue({ code: 'custom', message: `calculate_output: ${err.message}` });
  }
});

/**
 * OpenAI `multi`: evaluates `calculate_output` (e.g. "0.7 * accuracy + 0.3 * format") over the scores of the
 * `graders` children, each known by its node name. Operators + - * / ^, functions min max abs floor ceil
 * round exp sqrt log. Graders the formula does not mention are metrics.
 */
export const openaiMulti = defineComposite({
  kind: 'openai.multi',
  description: 'OpenAI multi grader: a calculate_output formula over named child graders (safe parser, no eval)',
  source: 'OpenAI RFT graders (multi.calculate_output)',
  params: z.object({ calculate_output: formula.describe('formula over the graders’ names') }),
  capabilities: { ...SHAPING },
  slots: { graders: 'many' },
  async run(samples, children, p) {
    const graders = children.graders ?? [];
    const expr = parseExpression(p.calculate_output);
    const names = graders.map((g) => g.name);
    const unknown = variablesOf(expr).filter((v) => !names.includes(v));
    if (unknown.length > 0) {
      const message = `calculate_output uses ${unknown.map((u) => `"${u}"`).join(', ')}, which names no grader (graders: ${names.join(', ')})`;
      return samples.map(() => failed('invalid-spec', message));
    }
    const used = graders.map((g) => variablesOf(expr).includes(g.name));
    const byChild = await runChildren(graders, samples);
    return perSample(byChild, samples.length).map((results) => {
      const blocking = blockingChild(
        graders.filter((_, i) => used[i]),
        results.filter((_, i) => used[i]),
      );
      if (blocking) return blocking;
      const vars = Object.fromEntries(
        graders.flatMap((g, i) => (results[i]?.status === 'scored' ? [[g.name, results[i]?.score as number]] : [])),
      );
      const value = evaluate(expr, vars);
      if (!Number.isFinite(value)) {
        return failed('reward-failed', `calculate_output gave ${value} for ${JSON.stringify(vars)}`, { inputs: vars });
      }
      return shaped(value, { inputs: vars });
    });
  },
});
