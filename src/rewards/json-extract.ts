import { z } from 'zod';
import { answerTag, stripThinking } from './extract.js';

/** Where JSON is looked for: the last ```json fence, the last `<answer>` tag, or the whole response. */
export const JSON_SOURCES = ['fence', 'answer-tag', 'whole'] as const;
export type JsonSource = (typeof JSON_SOURCES)[number];

export const jsonSourcesParam = z
  .array(z.enum(JSON_SOURCES))
  .min(1)
  .default(['fence', 'answer-tag', 'whole'])
  .describe('places tried in order; the first that holds any text is parsed (no fallback after a parse error)');

export type JsonRead =
  | { ok: true; value: unknown; source: JsonSource }
  | { ok: false; reason: 'no-answer' }
  | { ok: false; reason: 'invalid-json'; source: JsonSource; error: string };

const FENCE = /```[ \t]*(?:json5?|jsonc|JSON)?[ \t]*\r?\n([\s\S]*?)```/g;

/** Contents of the last fenced code block labelled json (or unlabelled), or null. */
export function lastJsonFence(text: string): string | null {
  const last = [...text.matchAll(FENCE)].at(-1);
  return last ? (last[1] as string).trim() : null;
}

const SOURCES: Record<JsonSource, (text: string) => string | null> = {
  fence: lastJsonFence,
  'answer-tag': answerTag,
  whole: (text) => text.trim() || null,
};

/** Finds the JSON text in a response (outside `<think>`) and parses it; a parse error names the position. */
export function readJson(response: string, sources: readonly JsonSource[]): JsonRead {
  const text = stripThinking(response);
  for (const source of sources) {
    const found = SOURCES[source](text);
    if (!found) continue;
    try {
      return { ok: true, value: JSON.parse(found), source };
    } catch (err) {
      return { ok: false, reason: 'invalid-json', source, error: err instanceof Error ? err.message : String(err) };
    }
  }
  return { ok: false, reason: 'no-answer' };
}

/** The JSON type name of a value: object, array, string, number, boolean or null. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
