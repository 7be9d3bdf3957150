// Reading a search-agent trajectory (chat messages with tool calls and tool results).
import { messageText } from '../../core/text.js';
import type { Message, Sample } from '../../core/types.js';

/** One retrieved source: a tool result, named by its tool_call_id and the URLs in it. */
export interface Source {
  ids: string[];
  text: string;
}

const URL = /https?:\/\/[^\s<>()\]"']+/g;

const messages = (sample: Sample): Message[] =>
  typeof sample.response === 'string' ? [{ role: 'assistant', content: sample.response }] : sample.response;

/** The tool results of a trajectory, in order. */
export function sources(sample: Sample): Source[] {
  return messages(sample)
    .filter((m) => m.role === 'tool')
    .map((m) => {
      const text = messageText(m);
      const ids = [...(m.tool_call_id ? [m.tool_call_id] : []), ...(text.match(URL) ?? []).map(trimUrl)];
      return { ids, text };
    });
}

/** The text of the last assistant message (the final answer turn). */
export function finalTurn(sample: Sample): string {
  const last = messages(sample)
    .filter((m) => m.role === 'assistant')
    .pop();
  return last ? messageText(last) : '';
}

/** Citations in a text, in order, without repeats: URLs and bracketed ids such as `[call_1]`. */
export function citations(text: string): string[] {
  const found = [
    ...(text.match(URL) ?? []).map(trimUrl),
    ...[...text.matchAll(/\[([A-Za-z][\w.-]*)\]/g)].map((m) => m[1] as string),
  ];
  return [...new Set(found)];
}

const trimUrl = (u: string) => u.replace(/[.,;:]+$/, '');
