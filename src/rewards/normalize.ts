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

// SQuAD v1.1 evaluate script: lower, remove punctuation, remove articles, fix whitespace.
export function normalizeAnswer(text: string, options: NormalizeOptions): string {
  let s = text.normalize('NFKC');
  if (options.lowercase) s = s.toLowerCase();
  if (options.stripPunctuation) s = s.replace(PUNCTUATION, options.collapseWhitespace ? '' : ' ');
  if (options.stripArticles) s = s.replace(options.lowercase ? ARTICLES : /\b(a|an|the|A|An|The)\b/g, ' ');
  if (options.collapseWhitespace) s = s.split(/\s+/u).filter(Boolean).join(' ');
  return s;
}
