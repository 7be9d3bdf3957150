import type { Message, Sample } from './types.js';

/**
 * The text of one message: string content, or its `type: "text"` parts joined. Image parts (and any `text` field
 * hidden on a part of another type) are left out, so no image URL or base64 byte reaches a text reward.
 */
export function messageText(message: Message): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') out += part.text;
  return out;
}

/**
 * The text to grade: a string response as is; for messages, the last assistant message's text. Reasoning that a
 * chat template split off (`reasoning_content`, or `thinking`, as transformers' parse_response does) is put back
 * in front as `<think>...</think>`, so format rewards see what the model wrote.
 */
export function responseText(sample: Pick<Sample, 'response'>): string {
  const { response } = sample;
  if (typeof response === 'string') return response;
  for (let i = response.length - 1; i >= 0; i--) {
    const message = response[i] as Message;
    if (message.role !== 'assistant') continue;
    const reasoning = message.reasoning_content ?? message.thinking;
    const text = messageText(message);
    if (typeof reasoning !== 'string' || reasoning === '') return text;
    // Think tags inside the reasoning are dropped: it cannot close the block early and smuggle an answer out.
    return `<think>\n${reasoning.replace(/<\/?think>/gi, '')}\n</think>\n${text}`;
  }
  return '';
}

/** The prompt as text: a string as is; for messages, the last user message's text. */
export function promptText(sample: Pick<Sample, 'prompt'>): string {
  const { prompt } = sample;
  if (typeof prompt === 'string') return prompt;
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i] as Message;
    if (message.role === 'user') return messageText(message);
  }
  return '';
}

/** A reference as a list of strings: one string, or a list of strings (numbers are stringified). */
export function referenceStrings(reference: unknown): string[] {
  if (typeof reference === 'string') return [reference];
  if (typeof reference === 'number' || typeof reference === 'boolean') return [String(reference)];
  if (Array.isArray(reference)) return reference.flatMap(referenceStrings);
  return [];
}

/**
 * The visible part of a response: `<think>...</think>` blocks removed, an unclosed `<think>` tail
 * removed, and everything before a lone `</think>` removed (a chat template that opened the block in
 * the prompt). Answers are never read from reasoning. Linear (indexOf-based).
 */
export function stripReasoning(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<think>', pos);
    const close = text.indexOf('</think>', pos);
    if (close >= 0 && (open < 0 || close < open)) {
      out = '';
      pos = close + 8;
      continue;
    }
    if (open < 0) return out + text.slice(pos);
    out += text.slice(pos, open);
    const end = text.indexOf('</think>', open);
    if (end < 0) return out;
    pos = end + 8;
  }
}
