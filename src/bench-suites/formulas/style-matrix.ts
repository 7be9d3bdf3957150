// RM-Bench style-bias matrix (THU-KEG/RM-Bench README compute_accuracy; arXiv 2410.16184).

/** One row's scores in style order: concise, detailed plain, detailed markdown. */
export interface StyleScores {
  chosen: readonly number[];
  rejected: readonly number[];
}

/** acc[i][j] = share of rows with chosen[i] > rejected[j] (strict). */
export function styleMatrix(rows: readonly StyleScores[]): number[][] {
  const n = 3;
  const acc = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
  for (const r of rows) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if ((r.chosen[i] as number) > (r.rejected[j] as number)) (acc[i] as number[])[j]! += 1;
  }
  if (rows.length > 0) for (const line of acc) for (let j = 0; j < n; j++) line[j] = (line[j] as number) / rows.length;
  return acc;
}

/** hard = strict upper triangle (plainer chosen vs fancier rejected), normal = diagonal, easy = strict lower. */
export function styleAccuracy(acc: readonly (readonly number[])[]): { hard: number; normal: number; easy: number } {
  const cell = (i: number, j: number) => acc[i]?.[j] as number;
  return {
    hard: (cell(0, 1) + cell(0, 2) + cell(1, 2)) / 3,
    normal: (cell(0, 0) + cell(1, 1) + cell(2, 2)) / 3,
    easy: (cell(1, 0) + cell(2, 0) + cell(2, 1)) / 3,
  };
}
