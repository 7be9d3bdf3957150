// Credit of one better/worse pair, shared by the pair benchmarks (RewardBench 1, RMB pairwise, pairs).
import { strictPairCredit } from '../formulas/rewardbench.js';
import type { CandidateScore, Mode } from '../suite.js';

/**
 * Pointwise: strict `>` (reward-bench run_rm.py; a tie is wrong). Pairwise judge: win 1, loss 0, tie or invalid
 * 0.5 (reward-bench run_generative.py). An unscored pointwise pair is wrong.
 */
export function pairCredit(scores: readonly CandidateScore[] | null, mode: Mode): number {
  if (scores === null) return mode === 'pairwise' ? 0.5 : 0;
  const [a, b] = [scores[0]?.score as number, scores[1]?.score as number];
  if (mode === 'pairwise' && a === b) return 0.5;
  return strictPairCredit(a, b);
}
