/** How a PRM's step scores become one trajectory score (ToolComp compares min and product; mean and last are common too). */
export type StepAggregate = 'min' | 'product' | 'mean' | 'last';

/** One trajectory of a problem: is it correct, and what the reward models said. */
export interface Candidate {
  correct: boolean;
  /** Outcome reward model score of the whole trajectory. */
  orm?: number;
  /** Process reward model scores, one per step. */
  steps?: readonly number[];
}

/** Aggregates step scores into one score; an empty list has none. */
export function aggregateSteps(steps: readonly number[], how: StepAggregate): number | undefined {
  if (steps.length === 0) return undefined;
  if (how === 'min') return Math.min(...steps);
  if (how === 'product') return steps.reduce((a, b) => a * b, 1);
  if (how === 'mean') return steps.reduce((a, b) => a + b, 0) / steps.length;
  return steps[steps.length - 1];
}

/**
 * ToolComp rank@1 (ToolComp, Scale AI, 2025): the fraction of problems whose top-ranked
 * candidate is correct. Ties at the top count the fraction of tied candidates that are correct.
 * Candidates without a score for the chosen model are left out; problems with none left are skipped.
 */
export function rankAt1(
  problems: ReadonlyArray<readonly Candidate[]>,
  by: 'orm' | 'prm',
  aggregate: StepAggregate = 'min',
): { rankAt1: number | null; problems: number; skipped: number } {
  let sum = 0;
  let counted = 0;
  for (const candidates of problems) {
    const scoredCandidates = candidates.flatMap((c) => {
      const score = by === 'orm' ? c.orm : aggregateSteps(c.steps ?? [], aggregate);
      return typeof score === 'number' && Number.isFinite(score) ? [{ score, correct: c.correct }] : [];
    });
    if (scoredCandidates.length === 0) continue;
    const top = Math.max(...scoredCandidates.map((c) => c.score));
    const tied = scoredCandidates.filter((c) => c.score === top);
    sum += tied.filter((c) => c.correct).length / tied.length;
    counted++;
  }
  return { rankAt1: counted > 0 ? sum / counted : null, problems: counted, skipped: problems.length - counted };
}
