// Word-level edit distance for TER with a diagonal beam, a prefix cache and an operation trace.
// Source: sacreBLEU lib_ter.py BeamEditDistance (after tercom 0.7.25); costs are 1 per edit.

const BEAM_WIDTH = 25;
const MAX_CACHE_SIZE = 10_000;
const INFINITE = 1e16;

/** Edit operations as trace characters. */
export const OP = { nop: ' ', sub: 's', ins: 'i', del: 'd', undef: 'x' } as const;
const NOP = 0;
const SUB = 1;
const INS = 2;
const DEL = 3;
const UNDEF = 4;
const OP_CHARS = [OP.nop, OP.sub, OP.ins, OP.del, OP.undef];

/** One row of the table, stored only over the beam: columns `lo` .. `lo + cost.length - 1`; the rest are unfilled. */
interface Row {
  lo: number;
  cost: Float64Array;
  op: Uint8Array;
}

// Rows hold only their beam, so memory grows with hypothesis length x beam, not with the product of both lengths.
function costAt(row: Row, j: number): number {
  const k = j - row.lo;
  return k >= 0 && k < row.cost.length ? (row.cost[k] as number) : INFINITE;
}

function opAt(row: Row, j: number): number {
  const k = j - row.lo;
  return k >= 0 && k < row.op.length ? (row.op[k] as number) : UNDEF;
}

interface CacheNode {
  next: Map<string, CacheNode>;
  row: Row;
}

/** Edit distance from hypotheses (all of one length, as TER's shifts keep it) to one fixed reference. */
export class BeamEditDistance {
  readonly #ref: readonly string[];
  readonly #initial: Row;
  readonly #root = new Map<string, CacheNode>();
  #cacheSize = 0;

  constructor(ref: readonly string[]) {
    this.#ref = ref;
    const n = ref.length + 1;
    this.#initial = { lo: 0, cost: new Float64Array(n), op: new Uint8Array(n).fill(INS) };
    for (let j = 0; j < n; j++) this.#initial.cost[j] = j;
  }

  /** Returns the distance and the trace of operations rewriting the hypothesis into the reference. */
  distance(hyp: readonly string[]): { distance: number; trace: string } {
    const rows: Row[] = [this.#initial];
    let map = this.#root;
    for (const word of hyp) {
      const node = map.get(word);
      if (!node) break;
      rows.push(node.row);
      map = node.next;
    }
    const start = rows.length - 1;
    this.#fill(hyp, rows, start);
    this.#remember(hyp, rows, start);
    return {
      distance: costAt(rows[hyp.length] as Row, this.#ref.length),
      trace: this.#trace(rows, hyp.length),
    };
  }

  #fill(hyp: readonly string[], rows: Row[], start: number): void {
    const ref = this.#ref;
    const nRef = ref.length;
    const nHyp = hyp.length;
    const ratio = nHyp > 0 ? nRef / nHyp : 1;
    const beam = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
    for (let i = start + 1; i <= nHyp; i++) {
      const prev = rows[i - 1] as Row;
      const diag = Math.floor(i * ratio);
      const minJ = Math.max(0, diag - beam);
      const maxJ = i === nHyp ? nRef + 1 : Math.min(nRef + 1, diag + beam);
      const width = Math.max(0, maxJ - minJ);
      const row: Row = {
        lo: minJ,
        cost: new Float64Array(width).fill(INFINITE),
        op: new Uint8Array(width).fill(UNDEF),
      };
      const word = hyp[i - 1];
      for (let j = minJ; j < maxJ; j++) {
        const k = j - minJ;
        if (j === 0) {
          row.cost[0] = costAt(prev, 0) + 1;
          row.op[0] = DEL;
          continue;
        }
        // Preference on ties: match/substitution, then deletion, then insertion (tercom, on the flipped trace).
        const same = word === ref[j - 1];
        let best = row.cost[k] as number;
        let op = row.op[k] as number;
        const viaSub = costAt(prev, j - 1) + (same ? 0 : 1);
        if (best > viaSub) {
          best = viaSub;
          op = same ? NOP : SUB;
        }
        const viaDel = costAt(prev, j) + 1;
        if (best > viaDel) {
          best = viaDel;
          op = DEL;
        }
        const viaIns = costAt(row, j - 1) + 1;
        if (best > viaIns) {
          best = viaIns;
          op = INS;
        }
        row.cost[k] = best;
        row.op[k] = op;
      }
      rows.push(row);
    }
  }

  #remember(hyp: readonly string[], rows: readonly Row[], start: number): void {
    if (this.#cacheSize >= MAX_CACHE_SIZE) return;
    let map = this.#root;
    for (let i = 0; i < start; i++) map = (map.get(hyp[i] as string) as CacheNode).next;
    for (let i = start; i < hyp.length; i++) {
      const word = hyp[i] as string;
      let node = map.get(word);
      if (!node) {
        node = { next: new Map(), row: rows[i + 1] as Row };
        map.set(word, node);
        this.#cacheSize++;
      }
      map = node.next;
    }
  }

  #trace(rows: readonly Row[], nHyp: number): string {
    let i = nHyp;
    let j = this.#ref.length;
    const ops: string[] = [];
    while (i > 0 || j > 0) {
      const op = opAt(rows[i] as Row, j);
      ops.push(OP_CHARS[op] as string);
      if (op === SUB || op === NOP) {
        i--;
        j--;
      } else if (op === INS) j--;
      else if (op === DEL) i--;
      else throw new Error(`TER trace reached an unfilled cell (${i}, ${j})`);
    }
    return ops.reverse().join('');
  }
}
