import { z } from 'zod';

/** SQuAD-style normalisation switches; each defaults to on except `case`-sensitive matching. */
export const normalizeParams = z.object({
  lowercase: z.boolean().default(true),
  stripPunctuation: z.boolean().default(true),
  stripArticles: z.boolean().default(true),
  collapseWhitespace: z.boolean().default(true),
});
export type NormalizeOptions = z.infer<typeof normalizeParams>;

const PUNCTUATION = /[\p{P}\p{S}]/gu;
const ARTICLES = /\b(a|an|the)\b/g;

/** Short texts normalised with every option on: a batch repeats its references (a GRPO group shares one) and often its answers. */
const SQUAD_CACHE = new Map<string, string>();
const CACHE_ENTRIES = 4096;
const CACHE_TEXT_MAX = 128;

// SQuAD v1.1 evaluate script: lower, remove punctuation, remove articles, fix whitespace.
export function normalizeAnswer(text: string, options: NormalizeOptions): string {
  if (!(options.lowercase && options.stripPunctuation && options.stripArticles && options.collapseWhitespace))
    return normalizeGeneral(text, options);
  if (text.length > CACHE_TEXT_MAX) return squadAscii(text) ?? normalizeGeneral(text, options);
  let out = SQUAD_CACHE.get(text);
  if (out === undefined) {
    out = squadAscii(text) ?? normalizeGeneral(text, options);
    if (SQUAD_CACHE.size >= CACHE_ENTRIES) SQUAD_CACHE.clear();
    SQUAD_CACHE.set(text, out);
  }
  return out;
}

/** `normalizeAnswer` by its definition, step by step (every option, any text). */
export function normalizeGeneral(text: string, options: NormalizeOptions): string {
  let s = text.normalize('NFKC');
  if (options.lowercase) s = s.toLowerCase();
  if (options.stripPunctuation) s = s.replace(PUNCTUATION, options.collapseWhitespace ? '' : ' ');
  if (options.stripArticles) s = s.replace(options.lowercase ? ARTICLES : /\b(a|an|the|A|An|The)\b/g, ' ');
  if (options.collapseWhitespace) s = s.split(/\s+/u).filter(Boolean).join(' ');
  return s;
}

/**
 * `normalizeAnswer` with every option on, in one pass, for printable ASCII text (plus tab and line breaks);
 * null for any other text. On ASCII, NFKC changes nothing, every non-alphanumeric printable is \p{P} or
 * \p{S}, and the words left are runs of [a-z0-9], so an article is a whole word.
 */
function squadAscii(text: string): string | null {
  let out = '';
  let word = '';
  let runStart = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      const run = text.slice(runStart, i).toLowerCase();
      word = word === '' ? run : word + run;
      runStart = -1;
    }
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (word !== '' && word !== 'a' && word !== 'an' && word !== 'the') out = out === '' ? word : `${out} ${word}`;
      word = '';
    } else if (c < 33 || c > 126) return null;
  }
  return out;
}
