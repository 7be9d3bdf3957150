// Majority vote over extracted answers: the pseudo-label of test-time RL (TTRL) and Co-Reward.

/** The most frequent answer and its share among the answers given; null on an empty vote or a tie for first. */
export function majority(answers: ReadonlyArray<string | null>): { label: string; share: number } | null {
  const counts = new Map<string, number>();
  let voters = 0;
  for (const a of answers) {
    if (a === null) continue;
    voters++;
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  const ranked = [...counts].sort((x, y) => y[1] - x[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return null;
  return { label: first[0], share: first[1] / voters };
}
