import { porterStem } from './porter.js';
import { rougeNOverlap } from './rouge-ngrams.js';

/** Precision, recall and F1 of one ROUGE type. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** `rouge1`..`rouge9` (n-gram overlap), `rougeL` (LCS), `rougeLsum` (summary-level LCS over newline-split sentences). */
export type RougeType = `rouge${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | 'rougeL' | 'rougeLsum';

/** Options of Google's `rouge_score.RougeScorer`; defaults are its defaults. */
export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (NLTK's stemmer); default false. */
  useStemmer?: boolean;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

/** rouge-score's default tokenizer: lowercase, non-[a-z0-9] runs become spaces, optional Porter stemming. */
export function rougeTokens(text: string, useStemmer = false): string[] {
  // Runs of [a-z0-9] in the lowercased text, read by one scan: what the replace + split below yields, without
  // its intermediate strings (2-3x faster; rougeTokensReference is the regex path it is tested against).
  const s = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      pushToken(out, s.slice(start, i), useStemmer);
      start = -1;
    }
  }
  return out;
}

/** rouge-score's tokenizer as it is written (regex replace, split on spaces): the reference for rougeTokens. */
export function rougeTokensReference(text: string, useStemmer = false): string[] {
  const out: string[] = [];
  // The split leaves '' pieces at the ends and between runs; pushToken drops them.
  for (const token of text.toLowerCase().replace(NON_ALPHANUMERIC, ' ').split(' ')) pushToken(out, token, useStemmer);
  return out;
}

function pushToken(out: string[], token: string, useStemmer: boolean): void {
  // The stemmer only sees tokens longer than 3 characters; rouge-score then drops empty results.
  const word = useStemmer && token.length > 3 ? porterStem(token) : token;
  if (word !== '') out.push(word);
}

/** F1 = 2PR/(P+R), 0 when both are 0 (rouge-score `scoring.fmeasure`). */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

// ROUGE-N (Lin 2004, eq. 1): clipped n-gram overlap over candidate (P) and reference (R) n-gram totals, a total
// below 1 taken as 1 (rouge-score `_score_ngrams`).
function ngramScore(overlap: number, targetGrams: number, predictionGrams: number): RougeScore {
  const precision = overlap / Math.max(predictionGrams, 1);
  const recall = overlap / Math.max(targetGrams, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** ROUGE-N of token lists with string-keyed counts: the reference path, and the stemmer's. */
export function rougeN(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of t) overlap += Math.min(count, p.get(gram) ?? 0);
  return ngramScore(overlap, target.length - n + 1, prediction.length - n + 1);
}

// Backtracking needs the whole table; past this many cells (200 MB) it is refused rather than risked.
const MAX_TABLE_CELLS = 50_000_000;

/** The LCS length table of `a` (rows) and `b` (columns), flattened row-major with width `b.length + 1`. */
function lcsTable(a: readonly string[], b: readonly string[]): Int32Array {
  const w = b.length + 1;
  if ((a.length + 1) * w > MAX_TABLE_CELLS) {
    throw new RangeError(
      `rougeLsum: a sentence pair of ${a.length} x ${b.length} tokens is too long for the LCS table; split it into lines`,
    );
  }
  const t = new Int32Array((a.length + 1) * w);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i * w + j] =
        a[i - 1] === b[j - 1]
          ? (t[(i - 1) * w + j - 1] as number) + 1
          : Math.max(t[(i - 1) * w + j] as number, t[i * w + j - 1] as number);
    }
  }
  return t;
}

/** LCS length with two rows of the table: memory linear in the shorter side. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Int32Array(short.length + 1);
  let row = new Int32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    const x = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      row[j] = x === short[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    }
    [prev, row] = [row, prev];
  }
  return prev[short.length] as number;
}

// ROUGE-L (Lin 2004, section 3.1): P = LCS/|prediction|, R = LCS/|target|, F1.
export function rougeL(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, read back as rouge-score does (prefer moving left in `can` on ties). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  const w = can.length + 1;
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if ((t[i * w + j - 1] as number) > (t[(i - 1) * w + j] as number)) j--;
    else i--;
  }
  return out.reverse();
}

// ROUGE-Lsum (Lin 2004, section 3.2): union LCS per reference sentence, each token counted at most as often as
// it occurs on both sides (rouge-score follows ROUGE-1.5.5 here).
export function rougeLsum(targetSents: readonly string[][], predictionSents: readonly string[][]): RougeScore {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  // No sentences on a side sums to no tokens: rouge-score's separate empty-list test is this one.
  const m = targetSents.reduce((a, s) => a + s.length, 0);
  const n = predictionSents.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return zero;
  // rouge-score also counts reference tokens down, but that count never reaches 0 here: each reference position
  // is visited once, so only the prediction's counts can run out.
  const countsC = new Map<string, number>();
  for (const s of predictionSents) for (const tok of s) countsC.set(tok, (countsC.get(tok) ?? 0) + 1);
  let hits = 0;
  for (const ref of targetSents) {
    const union = new Set<number>();
    for (const can of predictionSents) for (const i of lcsIndices(ref, can)) union.add(i);
    // rouge-score visits the union sorted; the number of hits per token does not depend on the order.
    for (const i of union) {
      const tok = ref[i] as string;
      const c = countsC.get(tok) ?? 0;
      if (c > 0) {
        hits++;
        countsC.set(tok, c - 1);
      }
    }
  }
  const precision = hits / n;
  const recall = hits / m;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Newline-separated sentences, empty lines dropped (rouge-score's default for rougeLsum). */
function sentences(text: string): string[] {
  return text.split('\n').filter((s) => s.length > 0);
}

const N_TYPE = /^rouge([1-9])$/;

/** One ROUGE type between a target (reference) and a prediction, as `RougeScorer.score(target, prediction)`. */
export function rouge(target: string, prediction: string, type: RougeType, options: RougeOptions = {}): RougeScore {
  const stem = options.useStemmer ?? false;
  const match = N_TYPE.exec(type);
  if (match && !stem) {
    // Counting from the text without token strings (rouge-ngrams.ts) is several times faster on short pairs.
    const c = rougeNOverlap(target, prediction, Number(match[1]));
    if (c) return ngramScore(c.overlap, c.targetGrams, c.predictionGrams);
  }
  if (type === 'rougeLsum') {
    return rougeLsum(
      sentences(target).map((s) => rougeTokens(s, stem)),
      sentences(prediction).map((s) => rougeTokens(s, stem)),
    );
  }
  const t = rougeTokens(target, stem);
  const p = rougeTokens(prediction, stem);
  if (type === 'rougeL') return rougeL(t, p);
  if (!match) throw new RangeError(`unknown ROUGE type "${type}"`);
  return rougeN(t, p, Number(match[1]));
}

/** Best over several targets by F1, first on ties (`RougeScorer.score_multi`). */
export function rougeMulti(
  targets: readonly string[],
  prediction: string,
  type: RougeType,
  options: RougeOptions = {},
): RougeScore & { target: number } {
  let best: (RougeScore & { target: number }) | undefined;
  targets.forEach((target, i) => {
    const s = rouge(target, prediction, type, options);
    if (!best || s.fmeasure > best.fmeasure) best = { ...s, target: i };
  });
  if (!best) throw new RangeError('rougeMulti needs at least one target');
  return best;
}
