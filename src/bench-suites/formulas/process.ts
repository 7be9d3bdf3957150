// Step-level benchmarks: ProcessBench (QwenLM/ProcessBench code/run_eval_prm_*.py; arXiv 2412.06559) and
// PRMBench (ssmisya/PRMBench mr_eval/tasks/prmtest_classified/task.py; arXiv 2501.03124).

/**
 * ProcessBench prediction: index of the first step not scored above `threshold`, or −1 when every step is. A step
 * is valid when its score is > threshold (run_eval_prm_trl.py takes the argmax of [bad, good], so 0.5 is bad).
 */
export function firstErrorStep(stepScores: readonly number[], threshold = 0.5): number {
  return stepScores.findIndex((s) => !(s > threshold));
}

/**
 * ProcessBench F1: harmonic mean of the accuracy on erroneous solutions (label ≠ −1, prediction == label) and on
 * correct ones (label == −1, prediction == −1). Both empty or both 0 give NaN in the reference code; null here.
 */
export function processBenchF1(rows: ReadonlyArray<{ label: number; prediction: number }>): {
  errorAccuracy: number | null;
  correctAccuracy: number | null;
  f1: number | null;
} {
  const err = rows.filter((r) => r.label !== -1);
  const ok = rows.filter((r) => r.label === -1);
  const acc = (xs: typeof rows) =>
    xs.length === 0 ? null : xs.filter((r) => r.prediction === r.label).length / xs.length;
  const errorAccuracy = acc(err);
  const correctAccuracy = acc(ok);
  if (errorAccuracy === null || correctAccuracy === null || errorAccuracy + correctAccuracy === 0)
    return { errorAccuracy, correctAccuracy, f1: null };
  return {
    errorAccuracy,
    correctAccuracy,
    f1: (2 * errorAccuracy * correctAccuracy) / (errorAccuracy + correctAccuracy),
  };
}

export interface Confusion {
  TP: number;
  FP: number;
  TN: number;
  FN: number;
}

/**
 * eval_on_hallucination_step: steps named in `errorSteps` (1-based) are negatives. TP = valid step predicted
 * valid, FP = error step predicted valid, TN = error step predicted invalid, FN = valid step predicted invalid.
 */
export function stepConfusion(errorSteps: readonly number[], valid: readonly boolean[]): Confusion {
  const bad = new Set(errorSteps.map((s) => s - 1));
  const c: Confusion = { TP: 0, FP: 0, TN: 0, FN: 0 };
  valid.forEach((v, i) => {
    if (bad.has(i)) v ? c.FP++ : c.TN++;
    else v ? c.TP++ : c.FN++;
  });
  return c;
}

/** PRMBench's guarded division: a zero denominator gives the sentinel −1, as in task.py. */
const ratio = (a: number, b: number) => (b !== 0 ? a / b : -1);

/**
 * PRMScore = 0.5·F1(valid steps) + 0.5·F1(error steps), with task.py's −1 sentinels kept bit for bit (a sentinel
 * can make an F1 come out odd; `sentinel` says when one fired).
 */
export function prmScore(c: Confusion): { prmScore: number; f1: number; negativeF1: number; sentinel: boolean } {
  const p = ratio(c.TP, c.TP + c.FP);
  const r = ratio(c.TP, c.TP + c.FN);
  const f1 = p + r !== 0 ? (2 * p * r) / (p + r) : -1;
  const np = ratio(c.TN, c.TN + c.FN);
  const nr = ratio(c.TN, c.TN + c.FP);
  const negativeF1 = np + nr !== 0 ? (2 * np * nr) / (np + nr) : -1;
  const sentinel = [p, r, np, nr, f1, negativeF1].includes(-1);
  return { prmScore: 0.5 * f1 + 0.5 * negativeF1, f1, negativeF1, sentinel };
}

export const addConfusion = (a: Confusion, b: Confusion): Confusion => ({
  TP: a.TP + b.TP,
  FP: a.FP + b.FP,
  TN: a.TN + b.TN,
  FN: a.FN + b.FN,
});
