// OpenAI grader templates (`{{ sample.output_text }}`, `{{ item.answer }}`) rendered against a Sample,
// and the `template` node that rewrites a sample's response/reference before scoring it.
import { z } from 'zod';
import { defineComposite } from '../core/define.js';
import { unscorable } from '../core/outcome.js';
import { promptText, responseText } from '../core/text.js';
import type { Message, RewardResult, Sample } from '../core/types.js';
import { mapChild, only, type Read, SHAPING } from './node.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^(sample|item)((?:\.[A-Za-z_][\w-]*|\[\d+\])*)$/;

/** Checks a template's placeholders; returns a message naming the first bad one, or undefined. */
export function templateProblem(template: string): string | undefined {
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!PATH.test(m[1] as string)) {
      return `bad placeholder "{{${m[1]}}}": expected sample.<field> or item.<field> (e.g. {{ sample.output_text }})`;
    }
  }
  const stray = template.replace(PLACEHOLDER, '');
  if (stray.includes('{{') || stray.includes('}}')) return 'unbalanced "{{" or "}}" in the template';
  return undefined;
}

/** A zod string that must be a valid template. */
export const templateString = z.string().superRefine((value, ctx) => {
  const problem = templateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function lastToolCalls(response: Sample['response']): unknown {
  if (typeof response === 'string') return undefined;
  for (let i = response.length - 1; i >= 0; i--) {
    const m = response[i] as Message;
    if (m.role === 'assistant') return m.tool_calls;
  }
  return undefined;
}

/** The two namespaces: `sample` (the model output) and `item` (the dataset row: metadata, reference, prompt). */
function namespaces(sample: Sample): Record<'sample' | 'item', Record<string, unknown>> {
  const text = responseText(sample);
  const out: Record<string, unknown> = { output_text: text };
  try {
    out.output_json = JSON.parse(text);
  } catch {
    // not JSON: {{ sample.output_json }} is then missing
  }
  const tools = lastToolCalls(sample.response);
  if (tools !== undefined) out.output_tools = tools;
  const item: Record<string, unknown> = { prompt: promptText(sample) };
  if (sample.reference !== undefined) item.reference = sample.reference;
  return { sample: out, item: { ...item, ...sample.metadata } };
}

function lookup(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const part of path.match(/[A-Za-z_][\w-]*|\d+/g) ?? []) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Renders a template for one sample; a placeholder with no value is `missing-input` naming it. */
export function renderTemplate(template: string, sample: Sample): Read<string> {
  const ns = namespaces(sample);
  let missing: string | undefined;
  const text = template.replace(PLACEHOLDER, (_, expr: string) => {
    const m = PATH.exec(expr) as RegExpExecArray;
    const value = lookup(ns[m[1] as 'sample' | 'item'], m[2] ?? '');
    if (value === undefined || value === null) {
      missing ??= expr;
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  if (missing !== undefined) {
    return {
      ok: false,
      result: unscorable('missing-input', `the template needs {{ ${missing} }}, which the sample lacks`),
    };
  }
  return { ok: true, value: text };
}

/**
 * Rewrites each sample before its `reward` child scores it: `response` and/or `reference` become rendered
 * templates (how imported OpenAI `text_similarity` graders pick their input and reference).
 */
export const templateNode = defineComposite({
  kind: 'template',
  description: 'Score the child on a rewritten sample: response/reference rendered from {{ sample.* }} / {{ item.* }}',
  source: 'OpenAI grader templating ({{ sample.output_text }}, {{ item.<field> }})',
  params: z.object({
    response: templateString.optional().describe('new response text, e.g. "{{ sample.output_json.answer }}"'),
    reference: templateString.optional().describe('new reference text, e.g. "{{ item.correct_answer }}"'),
  }),
  capabilities: { ...SHAPING },
  slots: { reward: 'one' },
  async run(samples, children, p) {
    const child = only(children, 'reward');
    const rewritten: Array<Read<Sample>> = samples.map((sample) => {
      const next: Sample = { ...sample };
      for (const field of ['response', 'reference'] as const) {
        const template = p[field];
        if (template === undefined) continue;
        const text = renderTemplate(template, sample);
        if (!text.ok) return text;
        next[field] = text.value;
      }
      return { ok: true, value: next };
    });
    const ready = rewritten.flatMap((r) => (r.ok ? [r.value] : []));
    const scoredReady = await mapChild(child, ready, (score) => ({
      status: 'scored',
      score,
      details: { input: score },
    }));
    let next = 0;
    return rewritten.map((r): RewardResult => (r.ok ? (scoredReady[next++] as RewardResult) : r.result));
  },
});
