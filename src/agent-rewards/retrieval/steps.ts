// A trajectory as steps: each assistant turn with its tool calls and the tool results that answer them.
import { messageText } from '../../core/text.js';
import type { Message, Sample } from '../../core/types.js';

const callText = (m: Message) =>
  (m.tool_calls ?? [])
    .map(
      (c) =>
        `call ${c.function.name}(${typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments)})`,
    )
    .join('\n');

/** Steps of a trajectory in order; a string response is split into blank-line-separated paragraphs. */
export function trajectorySteps(sample: Sample): string[] {
  if (typeof sample.response === 'string')
    return sample.response
      .split(/\n\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  const steps: string[] = [];
  for (const m of sample.response) {
    if (m.role === 'assistant') steps.push([messageText(m), callText(m)].filter(Boolean).join('\n'));
    else if (m.role === 'tool' && steps.length > 0) steps[steps.length - 1] += `\nresult: ${messageText(m)}`;
  }
  return steps.filter((s) => s.trim() !== '');
}
