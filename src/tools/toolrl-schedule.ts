/** Reward ranges at a training step: ToolRL's fixed ranges or its two-stage / dynamic schedules (rlla.py env flags). */
export type Schedule = 'none' | 'two-stage' | 'dynamic';

export interface Ranges {
  format: { max: number; min: number };
  correctness: { max: number; min: number };
}

const clampMax = (x: number, hi: number) => Math.min(x, hi);
const clampMin = (x: number, lo: number) => Math.max(x, lo);

/**
 * ToolRL ranges (Qian et al. 2025, rlla.py): format [0, 1], correctness [−3, 3] ([−1, 1] with CORRECTMAX1);
 * MAX1STEP30MAX3: correctness ÷3 before step 30, format ÷2 from step 30;
 * SCHEDULEREWARD: linear over 150 steps, correctness [−2, 2] → [−3, 3], format [−2, 2] → [−1, 1].
 */
export function rangesAt(step: number, schedule: Schedule, equalMax: boolean): Ranges {
  const base = equalMax ? 1 : 3;
  const format = { max: 1, min: 0 };
  const correctness = { max: base, min: -base };
  if (schedule === 'two-stage') {
    if (step < 30) return { format, correctness: { max: correctness.max / 3, min: correctness.min / 3 } };
    return { format: { max: format.max / 2, min: format.min / 2 }, correctness };
  }
  if (schedule === 'dynamic') {
    const t = step / 150;
    return {
      correctness: {
        max: clampMax((correctness.max - 2) * t + 2, 3),
        min: clampMin((correctness.min + 2) * t - 2, -3),
      },
      format: {
        max: Math.max(2 - (2 - format.max) * t, 1),
        min: Math.min(-2 + (2 + format.min) * t, -1),
      },
    };
  }
  return { format, correctness };
}

/** ToolRL length reward: think words over the target (512; SCHEDULELENGTH: (640 − 384)·step/105 + 384), rounded to 2 places, capped at 1. */
export function lengthReward(words: number, step: number, scheduled: boolean): number {
  const target = scheduled ? ((640 - 384) * step) / 105 + 384 : 512;
  return Math.min(Math.round((words / target) * 100) / 100, 1);
}
