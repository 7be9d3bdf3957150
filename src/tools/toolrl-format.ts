import type { ToolTruth } from './parse.js';

// ToolRL rlla.py format patterns, per which blocks the ground truth has. Python's `$` also matches
// before one final newline, hence `\n?$`.
const PATTERNS = {
  response: /^<think>.*?<\/think>\n<response>.*?<\/response>\n?$/s,
  toolCall: /^<think>.*?<\/think>\n<tool_call>\n.*?\n<\/tool_call>\n?$/s,
  both: /^<think>.*?<\/think>\n<tool_call>\n.*?\n<\/tool_call>\n<response>.*?<\/response>\n?$/s,
  neither: /^<think>.*?<\/think>\n?$/s,
};

function count(text: string, tag: string): number {
  return text.split(tag).length - 1;
}

/** ToolRL format check (rlla.py): the response has exactly the blocks the ground truth has, in order, one of each. */
export function toolrlFormatOk(text: string, truth: Pick<ToolTruth, 'hasToolCall' | 'hasResponse'>): boolean {
  const once = (...tags: string[]) => tags.every((t) => count(text, t) === 1);
  if (truth.hasToolCall && truth.hasResponse)
    return PATTERNS.both.test(text) && once('<tool_call>', '</tool_call>', '<response>', '</response>');
  if (truth.hasToolCall) return PATTERNS.toolCall.test(text) && once('<tool_call>', '</tool_call>');
  if (truth.hasResponse) return PATTERNS.response.test(text) && once('<response>', '</response>');
  return PATTERNS.neither.test(text);
}

/** rewardkit's reading of the same rule for OpenAI-style messages: calls present iff expected, all well-formed; text iff a response is expected. */
export function messageFormatOk(
  calls: readonly unknown[] | undefined,
  content: string,
  truth: Pick<ToolTruth, 'hasToolCall' | 'hasResponse'>,
): boolean {
  if (calls === undefined) return false;
  if (truth.hasToolCall !== calls.length > 0) return false;
  return !truth.hasResponse || content.trim() !== '';
}

/** Words inside the first `<think>` block (ToolRL's length reward counts these). */
export function thinkWords(text: string): number {
  const think = /<think>(.*?)<\/think>/s.exec(text)?.[1] ?? '';
  return think.trim() === '' ? 0 : think.trim().split(/\s+/).length;
}
