// JudgeBench double game (ScalerLab/JudgeBench utils/metrics.py; arXiv 2410.12784).

export type Decision = 'A>B' | 'B>A' | 'tie';

const flip = (d: Decision): Decision => (d === 'A>B' ? 'B>A' : d === 'B>A' ? 'A>B' : 'tie');

/**
 * Each game's decision (the swapped game already flipped back to the original order) adds +1 when it matches
 * the label and −1 when it matches the flipped label; the pair is correct when the sum is > 0, a tie at 0.
 */
export function doubleGame(label: 'A>B' | 'B>A', decisions: readonly Decision[]): 'correct' | 'incorrect' | 'tie' {
  let counter = 0;
  for (const d of decisions) {
    if (d === label) counter += 1;
    else if (d === flip(label)) counter -= 1;
  }
  return counter > 0 ? 'correct' : counter < 0 ? 'incorrect' : 'tie';
}

/** A reward model's decision from its two scores (higher wins; equal is a tie). */
export function decisionOf(scoreA: number, scoreB: number): Decision {
  return scoreA > scoreB ? 'A>B' : scoreA < scoreB ? 'B>A' : 'tie';
}
