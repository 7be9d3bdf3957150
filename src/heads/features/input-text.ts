// The text a head featurises, the same at training and serving time.
import { responseText } from '../../core/text.js';
import type { Message } from '../../core/types.js';

type Turns = string | Message[];

const turnsText = (t: Turns): string =>
  typeof t === 'string'
    ? t
    : t
        .map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')}`)
        .join('\n');

/** The response alone, or the prompt, a blank line and the response. */
export function headInputText(prompt: Turns, response: Turns, input: 'response' | 'prompt-response'): string {
  const reply = typeof response === 'string' ? response : responseText({ response });
  return input === 'response' ? reply : `${turnsText(prompt)}\n\n${reply}`;
}
