// A tool-augmented judge (Themis): the judge may use a calculator, search local documents or (when enabled)
// run code in the sandbox before it rates; tools run here, safely, and only the judge's own reply is its verdict.
import { z } from 'zod';
import type { ChatMessage } from '../../backends/index.js';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { evaluate, parseExpression } from '../../shaping/expression.js';
import {
  askJudge,
  fenced,
  JUDGE,
  JudgeFailure,
  judgeParams,
  messagesOf,
  normalized,
  promptOf,
  responseOf,
  screened,
  settle,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { type Read, readRating } from '../parse/verdicts.js';
import { codeToolParams, runCode } from './code-tool.js';

type Turn = { tool: string; input: string } | { rating: number };

/** A tool call when the final answer ends with one, else the rating (as pointwise). */
export function readToolOrRating(text: string): Read<Turn> {
  const call = /<tool name="([\w-]+)">([\s\S]*?)<\/tool>\s*$/.exec(text);
  if (call) return { ok: true, value: { tool: call[1] as string, input: (call[2] as string).trim() } };
  const r = readRating(text, 1, 10);
  return r.ok ? { ok: true, value: { rating: r.value } } : r;
}

const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Local document search: the `k` documents sharing the most query words (ties keep document order). */
export function searchDocuments(query: string, documents: readonly string[], k = 3): string {
  const q = words(query.slice(0, 1000));
  const ranked = documents
    .map((d, i) => ({ i, d, hits: [...words(d)].filter((w) => q.has(w)).length }))
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, k);
  return ranked.length === 0
    ? 'no matching document'
    : ranked.map((x) => `[doc ${x.i + 1}] ${x.d.slice(0, 2000)}`).join('\n');
}

/**
 * Runs one tool call; a bad call is reported back to the judge as text (it is the judge's to handle).
 * `search` exists only when the sample brings documents (`metadata.documents`); `also` names further tools
 * the caller offers (run_code), for the error text.
 */
export function runTool(
  tool: string,
  input: string,
  documents?: readonly string[],
  also: readonly string[] = [],
): string {
  if (tool === 'search' && documents) return searchDocuments(input, documents);
  if (tool !== 'calculator') {
    const available = ['calculator', ...(documents ? ['search'] : []), ...also];
    return `error: unknown tool "${tool}" (available: ${available.join(', ')})`;
  }
  try {
    const value = evaluate(parseExpression(input.slice(0, 1000)), {});
    return Number.isFinite(value) ? String(value) : `error: the result is not finite (${value})`;
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export const judgeTools = defineReward({
  kind: 'judge-tools',
  description:
    'Tool-augmented judge (Themis): may use a safe calculator, search metadata.documents or run sandboxed code, then rates 1-10',
  source:
    'Themis / tool-augmented reward modeling (Li et al. 2024, arXiv 2310.01045); calculator, search and code tools, text protocol ours',
  params: z.strictObject({
    ...judgeParams,
    template: templateParam('tool-judge'),
    maxToolCalls: z.number().int().min(0).max(8).default(3).describe('tool calls allowed before a rating is due'),
    runCode: z
      .boolean()
      .default(false)
      .describe('offer the run_code tool: the judge may run a short program in the sandbox (limits in codeTool)'),
    codeTool: codeToolParams.default(codeToolParams.parse({})).describe('language and limits of run_code'),
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    // With run_code on, the default template is the one that tells the judge about it.
    const t = resolveTemplate(p.runCode && p.template === 'tool-judge' ? 'tool-judge-code' : p.template);
    const language = p.codeTool.language === 'python' ? 'Python 3' : 'JavaScript (Node.js)';
    const vars = { prompt: promptOf(sample), response: fenced(response), language };
    const given = sample.metadata?.documents;
    const documents = Array.isArray(given) ? given.filter((d): d is string => typeof d === 'string') : undefined;
    return settle(async () => {
      const messages: ChatMessage[] = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
      const calls: Array<{ tool: string; input: string; result: string }> = [];
      for (;;) {
        const { value, text } = await askJudge(ctx, p, messages, readToolOrRating);
        if ('rating' in value) return scored(normalized(value.rating, 1, 10), { rating: value.rating, tools: calls });
        if (calls.length >= p.maxToolCalls) {
          throw new JudgeFailure('judge-invalid', `the judge asked for more than ${p.maxToolCalls} tool calls`);
        }
        const result =
          p.runCode && value.tool === 'run_code'
            ? await runCode(value.input, p.codeTool, ctx)
            : runTool(value.tool, value.input, documents, p.runCode ? ['run_code'] : []);
        calls.push({ ...value, result });
        messages.push(
          { role: 'assistant', content: text },
          { role: 'user', content: `<tool_result>${result}</tool_result>` },
        );
      }
    });
  },
});
