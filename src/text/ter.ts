import { pyRstrip } from './python-str.js';
import { BeamEditDistance } from './ter-edit-distance.js';
import { type TerTokenizerOptions, terWords } from './ter-tokenizer.js';

// Shift limits from tercom, and sacreBLEU's own cap on evaluated candidates (sacreBLEU lib_ter.py).
const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const MAX_SHIFT_CANDIDATES = 1000;

/** Edits (shifts + insertions + deletions + substitutions) turning `hyp` into `ref`, and the reference length. */
export interface TerEdits {
  edits: number;
  refLength: number;
}

// TER = edits / reference words, with greedy block shifts (Snover et al. 2006; sacreBLEU translation_edit_rate).
export function translationEditRate(hyp: readonly string[], ref: readonly string[]): TerEdits {
  if (ref.length === 0) return { edits: hyp.length, refLength: 0 };
  const ed = new BeamEditDistance(ref);
  let shifts = 0;
  let words = hyp;
  const state = { checked: 0 };
  for (;;) {
    const { delta, shifted } = bestShift(words, ref, ed, state);
    if (state.checked >= MAX_SHIFT_CANDIDATES) break;
    if (delta <= 0) break;
    shifts++;
    words = shifted;
  }
  return { edits: shifts + ed.distance(words).distance, refLength: ref.length };
}

function alignmentOf(trace: string): { align: Map<number, number>; refErr: number[]; hypErr: number[] } {
  let h = -1;
  let r = -1;
  const align = new Map<number, number>();
  const refErr: number[] = [];
  const hypErr: number[] = [];
  // The trace rewrites hyp into ref; read flipped (ref into hyp), so 'i' and 'd' swap roles.
  for (const op of trace) {
    if (op === ' ' || op === 's') {
      h++;
      r++;
      align.set(r, h);
      hypErr.push(op === 's' ? 1 : 0);
      refErr.push(op === 's' ? 1 : 0);
    } else if (op === 'd') {
      h++;
      hypErr.push(1);
    } else if (op === 'i') {
      r++;
      align.set(r, h);
      refErr.push(1);
    } else throw new Error(`unknown TER operation ${JSON.stringify(op)}`);
  }
  return { align, refErr, hypErr };
}

function sumRange(values: readonly number[], start: number, length: number): number {
  let s = 0;
  for (let i = start; i < start + length && i < values.length; i++) s += values[i] as number;
  return s;
}

function performShift(words: readonly string[], start: number, length: number, target: number): string[] {
  if (target < start) {
    return [
      ...words.slice(0, target),
      ...words.slice(start, start + length),
      ...words.slice(target, start),
      ...words.slice(start + length),
    ];
  }
  if (target > start + length) {
    return [
      ...words.slice(0, start),
      ...words.slice(start + length, target),
      ...words.slice(start, start + length),
      ...words.slice(target),
    ];
  }
  return [
    ...words.slice(0, start),
    ...words.slice(start + length, length + target),
    ...words.slice(start, start + length),
    ...words.slice(length + target),
  ];
}

// sacreBLEU lib_ter._shift: try every matching block move, keep the best by (gain, length, -start, -target).
function bestShift(
  words: readonly string[],
  ref: readonly string[],
  ed: BeamEditDistance,
  state: { checked: number },
): { delta: number; shifted: readonly string[] } {
  const { distance: before, trace } = ed.distance(words);
  const { align, refErr, hypErr } = alignmentOf(trace);
  let best: [number, number, number, number, string[]] | undefined;
  outer: for (let startH = 0; startH < words.length; startH++) {
    for (let startR = 0; startR < ref.length; startR++) {
      if (Math.abs(startR - startH) > MAX_SHIFT_DIST) continue;
      let length = 0;
      while (words[startH + length] === ref[startR + length] && length < MAX_SHIFT_SIZE) {
        length++;
        if (sumRange(hypErr, startH, length) !== 0 && sumRange(refErr, startR, length) !== 0) {
          const at = align.get(startR) as number;
          if (!(startH <= at && at < startH + length)) {
            let prevIdx = -1;
            for (let offset = -1; offset < length; offset++) {
              let idx: number;
              if (startR + offset === -1) idx = 0;
              else if (align.has(startR + offset)) idx = (align.get(startR + offset) as number) + 1;
              else break;
              if (idx === prevIdx) continue;
              prevIdx = idx;
              const shifted = performShift(words, startH, length, idx);
              const gain = before - ed.distance(shifted).distance;
              state.checked++;
              if (!best || isBetter(gain, length, -startH, -idx, best)) best = [gain, length, -startH, -idx, shifted];
            }
            // Only a block that passed the filters checks the cap, so the last one may overshoot it (as sacreBLEU).
            if (state.checked >= MAX_SHIFT_CANDIDATES) break outer;
          }
        }
        if (words.length === startH + length || ref.length === startR + length) break;
      }
    }
  }
  return best ? { delta: best[0], shifted: best[4] } : { delta: 0, shifted: words };
}

function isBetter(
  a: number,
  b: number,
  c: number,
  d: number,
  best: readonly [number, number, number, number, unknown],
) {
  if (a !== best[0]) return a > best[0];
  if (b !== best[1]) return b > best[1];
  if (c !== best[2]) return c > best[2];
  return d > best[3];
}

/** A TER score on sacreBLEU's scale (100 × edits / reference words; lower is better). */
export interface TerScore {
  score: number;
  edits: number;
  refLength: number;
}

/** sacreBLEU-exact TER with fixed tokenizer options. */
export class Ter {
  readonly #options: TerTokenizerOptions;

  constructor(options: TerTokenizerOptions = {}) {
    this.#options = { ...options };
  }

  /** Words of a segment as TER sees them (right-stripped, then normalised). */
  words(sentence: string): string[] {
    return terWords(pyRstrip(sentence), this.#options);
  }

  /** `[best edits over references, mean reference length]` for one segment. */
  stats(hypothesis: string, references: readonly string[]): [number, number] {
    const hyp = this.words(hypothesis);
    let refLengths = 0;
    let best = 1e16;
    for (const reference of references) {
      const { edits, refLength } = translationEditRate(hyp, this.words(reference));
      refLengths += refLength;
      if (edits < best) best = edits;
    }
    return [best, refLengths / references.length];
  }

  // sacreBLEU TER._compute_score_from_stats: empty references with a non-empty hypothesis count as 100.
  static fromStats(edits: number, refLength: number): TerScore {
    const rate = refLength > 0 ? edits / refLength : edits > 0 ? 1 : 0;
    return { score: 100 * rate, edits, refLength };
  }

  /** Sentence TER against one or more references (the fewest edits over references, mean reference length). */
  sentence(hypothesis: string, references: readonly string[]): TerScore {
    const [edits, refLength] = this.stats(hypothesis, references);
    return Ter.fromStats(edits, refLength);
  }

  /** Corpus TER: edits and mean reference lengths summed over segments. */
  corpus(hypotheses: readonly string[], referenceStreams: ReadonlyArray<ReadonlyArray<string | null>>): TerScore {
    let edits = 0;
    let refLength = 0;
    hypotheses.forEach((hyp, i) => {
      const refs = referenceStreams.map((s) => s[i]).filter((r): r is string => typeof r === 'string');
      const [e, l] = this.stats(hyp, refs);
      edits += e;
      refLength += l;
    });
    return Ter.fromStats(edits, refLength);
  }
}
