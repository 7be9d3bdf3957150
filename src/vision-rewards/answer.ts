// Reading the final answer of a puzzle or grounding response: the answer tag or last \boxed{} first,
// else the last non-empty line; never the <think> draft.
import { type Extractor, extractAnswer, extractorsParam } from '../rewards/extract.js';

/** The `extract` param of this family: answer tag, then \boxed{}, then the last line. */
export const answerParam = () => extractorsParam(['answer-tag', 'boxed', 'last-line']);

/** The final answer of `text` under the extractor order, or null when there is none. */
export function finalAnswer(text: string, order: readonly Extractor[]): string | null {
  return extractAnswer(text, order)?.value ?? null;
}

/** Every number in `text`, in order (signed decimals and exponents; "[[1, 2], [3, 4]]" reads 1 2 3 4). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi)].map((m) => Number(m[0]));
}
