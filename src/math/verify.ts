// Verifies one response against one gold answer: extract, normalise, structure, fast judge on the main
// thread; only what the fast judge cannot decide goes to a CAS worker under a hard time budget.
import { failed, scored, unscorable } from '../core/outcome.js';
import type { RewardResult } from '../core/types.js';
import { type CompareOptions, compareAnswers, type Verdict } from './compare.js';
import {
  choiceLetter,
  extractFinal,
  extractGold,
  type MathExtraction,
  type MathExtractor,
  stripReasoning,
} from './extract.js';
import type { FastExpr } from './fast-eval.js';
import { fastJudge, type JudgeOptions } from './fast-judge.js';
import { type DecimalComma, type DegreePolicy, normalizeAnswer } from './normalize.js';
import type { CasPool } from './pool.js';
import { type Answer, describeAnswer, parseAnswer } from './structure.js';

/** Every knob of the `math` reward (see docs/math.md for defaults and meaning). */
export interface MathOptions extends CompareOptions, JudgeOptions {
  extract: MathExtractor[];
  /** Several different final answers: all must be right (`reject`, default) or only the last counts. */
  multiple: 'reject' | 'last';
  degrees: DegreePolicy;
  /** Budget in ms for the CAS part of one verification. */
  timeoutMs: number;
  /** Extracted answers longer than this (characters) score 0 without being parsed. */
  maxAnswerLength: number;
  /** Decimal commas read when the comma cannot be a thousands separator (`1,22`), or never. */
  decimalComma: DecimalComma;
  setRelation: boolean;
  looseTuples: boolean;
  floatRounding: number;
}

interface Gold {
  answer: Answer;
  text: string;
  choice: boolean;
}

const goldCache = new Map<string, Gold | null>();
const fastCache = new Map<string, FastExpr | null>();

/** Parses a gold answer once per distinct (reference, degrees) pair; null when nothing is left of it. */
function parseGold(reference: string, degrees: DegreePolicy, comma: DecimalComma): Gold | null {
  const key = `${degrees}\u0000${comma}\u0000${reference}`;
  const hit = goldCache.get(key);
  if (hit !== undefined) return hit;
  const text = normalizeAnswer(extractGold(reference), degrees, comma);
  let gold: Gold | null = null;
  if (text !== '') {
    const letter = /^\(?[A-J]\)?$/.test(text) ? choiceLetter(text) : null;
    gold = letter
      ? { answer: { type: 'choice', letter }, text, choice: true }
      : { answer: parseAnswer(text), text, choice: false };
  }
  if (goldCache.size > 10_000) goldCache.clear();
  goldCache.set(key, gold);
  return gold;
}

function predAnswer(raw: string, gold: Gold, opts: MathOptions): Answer {
  if (gold.choice) {
    const letter = choiceLetter(raw);
    return letter ? { type: 'choice', letter } : { type: 'text', value: raw };
  }
  return parseAnswer(normalizeAnswer(raw, opts.degrees, opts.decimalComma));
}

/** Scores one response against one gold answer: 1 equal, 0 not (or no answer), or a coded failure. */
export async function verifyMath(
  reference: string,
  response: string,
  opts: MathOptions,
  pool: () => CasPool,
  signal?: AbortSignal,
  queued: <T>(wait: Promise<T>) => Promise<T> = (wait) => wait,
): Promise<RewardResult> {
  const gold = parseGold(reference, opts.degrees, opts.decimalComma);
  if (!gold) return unscorable('unparsable-reference', 'the gold answer is empty after normalisation');
  const order = gold.choice ? opts.extract.filter((e) => e !== 'last-number') : opts.extract;
  const base = { gold: describeAnswer(gold.answer) };
  const found = extractFinal(response, order.length > 0 ? order : opts.extract) ?? textAnswer(response, gold);
  if (!found) return scored(0, { ...base, reason: 'no-answer' });
  const raws = [...new Set(opts.multiple === 'last' ? found.answers.slice(-1) : found.answers)];
  const details: Record<string, unknown> = { ...base, extractedBy: found.rule };
  if (raws.some((r) => r.length > opts.maxAnswerLength)) {
    return scored(0, { ...details, answer: `${(raws[0] as string).slice(0, 80)}…`, reason: 'answer-too-long' });
  }
  const preds = raws.map((r) => predAnswer(r, gold, opts));
  details.answer = preds.length === 1 ? describeAnswer(preds[0] as Answer) : preds.map(describeAnswer);
  const judge = fastJudge(opts, fastCache);
  let verdict: Verdict = null;
  for (const pred of preds) {
    verdict = compareAnswers(gold.answer, pred, judge, opts);
    if (verdict === null) {
      // The CAS keeps its own hard budget from when a worker takes the task; time queued behind other
      // samples' CAS work is not charged to this sample (the runner's `ctx.queued`).
      const outcome = await queued(
        pool().run({ gold: gold.answer, pred, options: casOptions(opts) }, opts.timeoutMs, signal),
      );
      if (outcome.kind === 'timeout') {
        return failed('timeout', `math verification overran its ${opts.timeoutMs} ms budget`, details);
      }
      if (outcome.kind === 'failed') return failed('reward-failed', outcome.message, details);
      verdict = outcome.verdict ?? { equal: false, rule: 'undecided' };
      details.cas = true;
    }
    if (!verdict.equal) break;
  }
  const v = verdict ?? { equal: false, rule: 'undecided' };
  details.decidedBy = v.rule;
  if (!v.equal) details.reason = preds.length > 1 ? 'conflicting-answers' : 'mismatch';
  return scored(v.equal ? 1 : 0, details);
}

/** A word answer for a word gold (`Monday` for `\\text{Monday}`): a short line with no digits. */
function textAnswer(response: string, gold: Gold): MathExtraction | null {
  if (gold.answer.type !== 'text') return null;
  const s = stripReasoning(response).trim().replace(/[.!]$/, '');
  return s && s.length <= 40 && !s.includes('\n') && !/\d/.test(s) ? { answers: [s], rule: 'whole' } : null;
}

function casOptions(o: MathOptions): CompareOptions & JudgeOptions {
  return {
    lists: o.lists,
    percent: o.percent,
    chains: o.chains,
    setRelation: o.setRelation,
    looseTuples: o.looseTuples,
    tolerance: o.tolerance,
    rounding: o.rounding,
    floatRounding: o.floatRounding,
  };
}
