import type { Language } from '../sandbox/types.js';

const TAGS: Record<Language, readonly string[]> = {
  python: ['python', 'python3', 'py'],
  javascript: ['javascript', 'js', 'node', 'nodejs', 'mjs', 'cjs'],
};

const FENCE = /(^|\n)[ \t]*(`{3,}|~{3,})[ \t]*([\w+.#-]*)[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*(?=\n|$)/g;

/** The program in a response: the last fenced block tagged with the language, else the last fenced block, else (unless `requireFence`) the whole text. */
export function extractCode(
  text: string,
  language: Language,
  requireFence: boolean,
): { code: string; from: 'fence' | 'text' } | undefined {
  let tagged: string | undefined;
  let any: string | undefined;
  for (const match of text.matchAll(FENCE)) {
    const tag = (match[3] ?? '').toLowerCase();
    const body = match[4] ?? '';
    any = body;
    if (TAGS[language].includes(tag)) tagged = body;
  }
  const fenced = tagged ?? any;
  if (fenced !== undefined) return { code: fenced, from: 'fence' };
  if (requireFence) return undefined;
  return { code: text, from: 'text' };
}
