// Vote keys for majority votes: normalised strings (`exact`), or math-equivalence classes (`math`) found by
// cheap canonical keys first and the math comparison only between class representatives, CAS calls bounded.
import { z } from 'zod';
import type { ScoreContext } from '../../core/define.js';
import { failed } from '../../core/outcome.js';
import { type CompareOptions, compareAnswers, type Verdict } from '../../math/compare.js';
import { evaluate, parseFast } from '../../math/fast-eval.js';
import { fastJudge, type JudgeOptions } from '../../math/fast-judge.js';
import { comparisonKey, normalizeAnswer as normalizeMath } from '../../math/normalize.js';
import { sharedCasPool } from '../../math/pool.js';
import { mathParams, resolveMathOptions } from '../../math/profiles.js';
import { type Answer, describeAnswer, parseAnswer } from '../../math/structure.js';
import { normalizeAnswer } from '../answers.js';

export const voteParams = {
  compare: z
    .enum(['exact', 'math'])
    .default('exact')
    .describe('answers vote together when equal as normalised strings (exact) or mathematically (math: 1/2 = 0.5)'),
  casBudget: z
    .number()
    .int()
    .min(0)
    .max(256)
    .default(16)
    .describe('CAS comparisons per group at most (compare: math); past it an undecided pair counts as different'),
  maxAnswerLength: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('longer answers (compare: math) vote only with the same string, never through the math comparison'),
};

/** A vote cut short by the batch budget: its classes are incomplete, so no member is scored on it. */
export const VOTE_TIMEOUT = () => failed('timeout', 'the math vote overran its time budget');

export interface VoteOptions {
  compare: 'exact' | 'math';
  casBudget: number;
  maxAnswerLength: number;
}

/** One key per answer (null: no vote), a display label per key, and what the math comparison cost. */
export interface VoteKeys {
  keys: Array<string | null>;
  labels: Map<string, string>;
  casCalls: number;
  undecided: number;
  /** The batch budget ran out while classes were being formed (`math` only). */
  aborted: boolean;
}

// The `math` reward's strict defaults: sets must match as sets, a rounded decimal is not the exact value.
const STRICT = resolveMathOptions(mathParams.parse({}));
const OPTIONS: CompareOptions & JudgeOptions = { ...STRICT, lists: 'set' };

interface Item {
  key: string;
  answer: Answer | null;
  exactValue: boolean;
}

/** A canonical key without the CAS: an exact rational value (`q:1/2` for 0.5, 1/2, \frac{2}{4}), else the text. */
function canonical(raw: string, maxLength: number): Item | null {
  if (raw.length > maxLength) return { key: `t:${normalizeAnswer(raw)}`, answer: null, exactValue: false };
  const text = normalizeMath(raw, STRICT.degrees, STRICT.decimalComma);
  if (text === '') return null;
  const answer = parseAnswer(text);
  if (answer.type === 'expr' && !answer.percent) {
    const fast = parseFast(answer.tex);
    if (fast && fast.vars.length === 0) {
      const v = evaluate(fast.root, new Map());
      if (v.r && !v.lossy) return { key: `q:${v.r.n}/${v.r.d}`, answer, exactValue: true };
    }
  }
  return { key: `s:${comparisonKey(describeAnswer(answer))}`, answer, exactValue: false };
}

/**
 * Vote keys of a group's final answers (raw text, null for none). `math`: answers with the same canonical
 * key share a class at no cost; each further class representative is compared (both ways) with the earlier
 * representatives, the CAS asked only for pairs the fast judge cannot decide and at most `casBudget` times.
 * Two exact rationals are never compared (their keys already differ), so numeric groups cost no CAS call.
 */
export async function voteKeys(
  raws: ReadonlyArray<string | null>,
  o: VoteOptions,
  ctx: Pick<ScoreContext, 'signal' | 'queued'>,
): Promise<VoteKeys> {
  const labels = new Map<string, string>();
  if (o.compare === 'exact') {
    const keys = raws.map((r) => {
      const k = r === null ? '' : normalizeAnswer(r);
      if (k !== '' && !labels.has(k)) labels.set(k, k);
      return k === '' ? null : k;
    });
    return { keys, labels, casCalls: 0, undecided: 0, aborted: false };
  }
  const items = raws.map((r) => (r === null ? null : canonical(r, o.maxAnswerLength)));
  const classOf = new Map<string, string>(); // canonical key -> class key (its representative's key)
  const reps: Item[] = [];
  const cost = { casCalls: 0, undecided: 0 };
  const judge = fastJudge(OPTIONS, new Map());
  const verdict = async (a: Answer, b: Answer): Promise<Verdict> => {
    const fast = compareAnswers(a, b, judge, OPTIONS);
    if (fast !== null) return fast;
    if (cost.casCalls >= o.casBudget || ctx.signal.aborted) return null;
    cost.casCalls++;
    // One abort listener per call, removed after it (the pool's own stays on the signal it is given).
    const call = new AbortController();
    const stop = () => call.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      const task = { gold: a, pred: b, options: OPTIONS };
      const out = await ctx.queued(sharedCasPool().run(task, STRICT.timeoutMs, call.signal));
      return out.kind === 'verdict' ? out.verdict : null;
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
  };
  const same = async (a: Item, b: Item): Promise<boolean> => {
    if (!a.answer || !b.answer || (a.exactValue && b.exactValue)) return false;
    const there = await verdict(a.answer, b.answer);
    if (there === null) cost.undecided++;
    if (!there?.equal) return false;
    const back = compareAnswers(b.answer, a.answer, judge, OPTIONS);
    return back === null || back.equal; // symmetric: a rule that holds one way only does not merge
  };
  for (const [i, item] of items.entries()) {
    if (!item || classOf.has(item.key)) continue;
    let home = item.key;
    for (const rep of reps) {
      if (await same(rep, item)) {
        home = rep.key;
        break;
      }
    }
    classOf.set(item.key, home);
    if (home === item.key) {
      reps.push(item);
      labels.set(home, (raws[i] as string).trim());
    }
  }
  const keys = items.map((item) => (item ? (classOf.get(item.key) as string) : null));
  return { keys, labels, ...cost, aborted: ctx.signal.aborted };
}
