import type { ChatMessage } from '../backends/index.js';
import { refuseImages } from '../core/images.js';
import { messageText, responseText } from '../core/text.js';
import type { Message, Sample } from '../core/types.js';
import { type ChatFormat, chatFormats } from './data.js';

/** The prompt as chat messages: a string is one user turn. A sample with images is refused (text only). */
export function promptMessages(sample: Sample): ChatMessage[] {
  refuseImages(sample, 'this model reward');
  if (typeof sample.prompt === 'string') return [{ role: 'user', content: sample.prompt }];
  return sample.prompt.map((m: Message) => ({ role: m.role, content: messageText(m) }));
}

/** Prompt turns plus the response as the assistant's turn. */
export function conversation(sample: Sample, response = responseText(sample)): ChatMessage[] {
  return [...promptMessages(sample), { role: 'assistant', content: response }];
}

/** The prompt turns as one block of text for a grading prompt (`role: content` per turn). */
export function promptBlock(sample: Sample): string {
  refuseImages(sample, 'this model reward');
  if (typeof sample.prompt === 'string') return sample.prompt;
  return promptMessages(sample)
    .map((m) => `${m.role}: ${m.content}`)
    .join('\n');
}

/** Rendered chat text and the [start, end) character span of each message's content. */
export interface Rendered {
  text: string;
  spans: Array<[number, number]>;
}

/** Renders messages with a chat format from data/chat-formats.json (roles it does not know render as user). */
export function render(messages: readonly ChatMessage[], formatName: keyof ReturnType<typeof chatFormats>): Rendered {
  const format = chatFormats()[formatName] as ChatFormat;
  let text = format.begin;
  const spans: Array<[number, number]> = [];
  for (const m of messages) {
    const [open, close] = format.roles[m.role as keyof ChatFormat['roles']] ?? format.roles.user;
    text += open;
    spans.push([text.length, text.length + m.content.length]);
    text += m.content + close;
  }
  return { text, spans };
}

/** Fills `{{name}}` placeholders (unknown names stay as written). */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** Neutralises the section tag inside graded text (any case or spacing) so it cannot end its own section. */
export function fence(text: string, tag: string): string {
  return text.replace(fences.get(tag) ?? fenceOf(tag), '&lt;$1$2&gt;');
}

const fences = new Map<string, RegExp>();
// `<answer>`, `</ANSWER >`, `< / answer>`: any spelling a model might read as the tag becomes &lt;/answer&gt;.
function fenceOf(tag: string): RegExp {
  const re = new RegExp(`<\\s*(/?)\\s*(${tag})\\s*>`, 'gi');
  fences.set(tag, re);
  return re;
}
