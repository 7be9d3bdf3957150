/** Where the prompt was found in an OpenRLHF query: whole, only its tail (left-truncated), or not at all. */
export type PromptMatch = 'full' | 'truncated' | 'missing' | 'none';

// Longest prompt tail searched for when OpenRLHF cut the prompt from the left (it keeps the last tokens).
const TAIL = 256;

/** The text after the prompt in a decoded query, without trailing special tokens, and how the prompt matched. */
export function splitQuery(
  query: string,
  prompt: string | undefined,
  suffixes: readonly string[],
): { response: string; prompt: PromptMatch } {
  let response = query;
  let match: PromptMatch = 'none';
  if (prompt) {
    const at = query.indexOf(prompt);
    if (at >= 0) {
      response = query.slice(at + prompt.length);
      match = 'full';
    } else {
      const kept = keptTail(query, prompt);
      if (kept > 0) {
        response = query.slice(kept);
        match = 'truncated';
      } else match = 'missing';
    }
  }
  for (;;) {
    const trimmed = response.trimEnd();
    const suffix = suffixes.find((x) => x !== '' && trimmed.endsWith(x));
    if (suffix === undefined) break;
    response = trimmed.slice(0, -suffix.length);
  }
  return { response, prompt: match };
}

/** The response part of a decoded query (see `splitQuery`). */
export function responseOf(query: string, prompt: string | undefined, suffixes: readonly string[]): string {
  return splitQuery(query, prompt, suffixes).response;
}

/**
 * Length of the query's head that is the end of the prompt, when OpenRLHF kept only the prompt's last tokens
 * (`prompt_token_ids[-max_prompt_length:]`, agent.py). The first kept token may decode differently at the cut,
 * so the head may carry up to 3 extra characters before a tail of the prompt; 0 when no tail is found.
 */
function keptTail(query: string, prompt: string): number {
  const tail = prompt.slice(-Math.min(TAIL, prompt.length));
  const at = query.indexOf(tail);
  if (at >= 0 && at <= prompt.length - tail.length + 3) {
    const head = query.slice(0, at);
    if (prompt.slice(0, -tail.length).endsWith(head.slice(Math.min(3, head.length)))) return at + tail.length;
  }
  // The prompt kept fewer characters than TAIL: the longest query head (after a mangled start) that ends the prompt.
  const last = prompt.slice(-8);
  let end = 0;
  for (let i = query.indexOf(last); i >= 0 && i <= TAIL + 3; i = query.indexOf(last, i + 1)) {
    const head = query.slice(0, i + last.length);
    if (prompt.endsWith(head.slice(Math.min(3, head.length - last.length)))) end = head.length;
  }
  if (end > 0) return end;
  return 0;
}

/** A JSON number that Python's `json` reads as a float (`2.0`, not `2`), so torch builds a float tensor. */
export function floatLiteral(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '1e308' : x < 0 ? '-1e308' : '0.0';
  const text = String(x);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** `{rewards, scores, extra_logs}` as JSON text with every number written as a float. */
export function openrlhfJson(rewards: number[], scores: number[], extra: Record<string, number[]>): string {
  const list = (xs: number[]): string => `[${xs.map(floatLiteral).join(',')}]`;
  const logs = Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${list(v)}`);
  return `{"rewards":${list(rewards)},"scores":${list(scores)},"extra_logs":{${logs.join(',')}}}`;
}
