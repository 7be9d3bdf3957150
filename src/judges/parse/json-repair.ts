// Reading JSON from a judge that does not always write clean JSON (local models, no guided decoding).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function tryParse(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Common slips of hand-written JSON: single quotes, bare keys, trailing commas, Python literals, smart quotes. */
export function repairJson(text: string): string {
  return text
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/'([^'"\\\n]*)'(?=\s*[:,}\]])/g, '"$1"')
    .replace(/([{,]\s*)([A-Za-z_][\w-]*)(\s*:)/g, '$1"$2"$3')
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\bNone\b/g, 'null');
}

/** Balanced `{…}` spans of `text`, last first (the final answer is the last object a judge writes). */
function objectSpans(text: string): string[] {
  const spans: string[] = [];
  const stack: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push(i);
    else if (ch === '}' && stack.length > 0) {
      const start = stack.pop() as number;
      if (stack.length === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans.reverse();
}

/**
 * The last JSON object in a judge's final answer: as is, inside ``` fences, or after repair; undefined when
 * none can be read. Order (closest reading of RewardAnything's processing.py): plain, fenced, repaired, spans.
 */
export function readJsonObject(text: string): Json | undefined {
  const trimmed = text.trim();
  const direct = tryParse(trimmed);
  if (direct) return direct;
  const fenced = [...trimmed.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)].map((m) => m[1] as string).reverse();
  for (const body of fenced) {
    const v = tryParse(body.trim()) ?? tryParse(repairJson(body.trim()));
    if (v) return v;
  }
  for (const span of objectSpans(trimmed)) {
    const v = tryParse(span) ?? tryParse(repairJson(span));
    if (v) return v;
  }
  return tryParse(repairJson(trimmed));
}
