// Final-answer extraction and normalisation shared by the agent and self-supervised rewards.
import { z } from 'zod';
import { stripReasoning } from '../core/text.js';
import { boxedContents } from '../math/extract.js';

export const ANSWER_FORMATS = ['answer-tag', 'boxed', 'last-line', 'whole'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

export const answerParam = z
  .enum(ANSWER_FORMATS)
  .default('answer-tag')
  .describe(
    'where the final answer is: the last <answer>…</answer>, the last \\boxed{}, the last line, or the whole text',
  );

/** The final answer of a response (reasoning removed), or null when there is none; only the last one counts. */
export function finalAnswer(text: string, format: AnswerFormat): string | null {
  const found = finalAnswerText(text, format);
  const key = found === null ? '' : normalizeAnswer(found);
  return key === '' ? null : key;
}

/** The final answer as written (no case folding: LaTeX keeps `\\Pi` apart from `\\pi`), or null when there is none. */
export function finalAnswerText(text: string, format: AnswerFormat): string | null {
  const visible = stripReasoning(text);
  let found: string | undefined;
  if (format === 'answer-tag') {
    const all = [...visible.matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
    found = all[all.length - 1]?.[1];
  } else if (format === 'boxed') {
    const boxes = boxedContents(visible);
    found = boxes[boxes.length - 1];
  } else if (format === 'last-line') {
    found = visible
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop();
  } else found = visible;
  return found === undefined || found.trim() === '' ? null : found.trim();
}

/** Comparison key: case-folded, whitespace collapsed, surrounding `$`, quotes and a final period dropped. */
export function normalizeAnswer(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\$+|\$+$/g, '')
    .replace(/^["'`]+|["'`]+$/g, '')
    .replace(/\.$/, '')
    .trim();
}
