import { pySplit } from './python-str.js';

/** Options of sacreBLEU's TER normalisation (tercom's `Normalizer`). */
export interface TerTokenizerOptions {
  /** Tokenize punctuation the mteval way; default false. */
  normalized?: boolean;
  /** Drop `. , ? : ; ! " ( )`; default false. */
  noPunct?: boolean;
  /** Default false: TER lowercases both sides. */
  caseSensitive?: boolean;
}

/** sacreBLEU TercomTokenizer general + western normalisation (tercom 0.7.25 Normalizer.java). */
function normalizeWestern(sentence: string): string {
  let s = sentence.replaceAll('\n-', '').replaceAll('\n', ' ');
  s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  s = ` ${s} `;
  s = s.replace(/[\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40/]/g, ' $& ');
  s = s.replaceAll("'s ", " 's ").replace(/'s$/, " 's");
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  return s.replace(/([0-9])(-)/g, '$1 $2 ');
}

/** The words TER compares, after sacreBLEU's tercom-style normalisation of one segment. */
export function terWords(sentence: string, options: TerTokenizerOptions = {}): string[] {
  if (!sentence) return [];
  let s = options.caseSensitive ? sentence : sentence.toLowerCase();
  if (options.normalized) s = normalizeWestern(s);
  if (options.noPunct) s = s.replace(/[.,?:;!"()]/g, '');
  return pySplit(s);
}
