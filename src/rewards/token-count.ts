import { Tiktoken } from 'js-tiktoken/lite';

/** OpenAI BPE encodings available for counting tokens. */
export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

interface Counter {
  count(text: string): number;
}

const loading = new Map<EncodingName, Promise<Counter>>();

async function loadRanks(name: EncodingName) {
  // the rank tables are 1-2 MB modules: import on first use only
  const mod =
    name === 'o200k_base'
      ? await import('js-tiktoken/ranks/o200k_base')
      : await import('js-tiktoken/ranks/cl100k_base');
  return mod.default;
}

// Pieces longer than this are counted in chunks: js-tiktoken's merge loop is quadratic in the piece length.
const LONG_PIECE = 64;
const CHUNK = 32;
const MEMO_LIMIT = 100_000;

async function createCounter(name: EncodingName): Promise<Counter> {
  const ranks = await loadRanks(name);
  const encoder = new Tiktoken(ranks);
  // the encoding's own pre-tokenizer: BPE never merges across its pieces, so counts add up per piece
  const split = new RegExp(ranks.pat_str, 'gu');
  const memo = new Map<string, number>();
  const encodePiece = (piece: string): number => {
    let n = memo.get(piece);
    if (n === undefined) {
      // special-token text such as "<|endoftext|>" is counted as ordinary text, never rejected
      n = encoder.encode(piece, [], []).length;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(piece, n);
    }
    return n;
  };
  return {
    count(text) {
      let total = 0;
      for (const [piece] of text.matchAll(split)) {
        if (piece.length <= LONG_PIECE) total += encodePiece(piece);
        else for (let i = 0; i < piece.length; i += CHUNK) total += encodePiece(piece.slice(i, i + CHUNK));
      }
      return total;
    },
  };
}

/**
 * A token counter for an OpenAI encoding, loaded once on first use. Exact for ordinary text; pieces over
 * 64 characters (long runs of one letter class or of spaces) are counted in 32-character chunks.
 */
export function tokenCounter(name: EncodingName): Promise<Counter> {
  let pending = loading.get(name);
  if (!pending) {
    pending = createCounter(name);
    loading.set(name, pending);
    pending.catch(() => loading.delete(name));
  }
  return pending;
}
