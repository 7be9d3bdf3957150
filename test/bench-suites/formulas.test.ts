// Every benchmark formula against worked examples and against a literal transliteration of the reference code
// (numpy semantics) over many random inputs. Sources are named beside each block.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionOf, doubleGame } from '../../src/bench-suites/formulas/judgebench.js';
import { firstErrorStep, prmScore, processBenchF1, stepConfusion } from '../../src/bench-suites/formulas/process.js';
import {
  RB1_EXAMPLE_COUNTS,
  RB1_SECTIONS,
  rb1Overall,
  rb1Sections,
  strictPairCredit,
} from '../../src/bench-suites/formulas/rewardbench.js';
import { bestOfCredit, marginTerm, tiesScore, tiesStats } from '../../src/bench-suites/formulas/rewardbench2.js';
import { styleAccuracy, styleMatrix } from '../../src/bench-suites/formulas/style-matrix.js';

const small = fc.integer({ min: 0, max: 4 }); // few distinct values, so ties are common

describe('RewardBench 1 (reward-bench constants.py, utils.py calculate_scores_per_section)', () => {
  it('pairs are strict: a tie is wrong', () => {
    expect([strictPairCredit(2, 1), strictPairCredit(1, 1), strictPairCredit(0, 1)]).toEqual([1, 0, 0]);
  });

  it('math-prm weighs 984 (not its 447 rows) against six code subsets of 164', () => {
    expect(RB1_EXAMPLE_COUNTS['math-prm']).toBe(984);
    const acc = { 'math-prm': 0.5, ...Object.fromEntries(RB1_SECTIONS.Reasoning!.slice(1).map((s) => [s, 1])) };
    // (0.5·984 + 6·164·1) / (984 + 6·164) = 1476 / 1968
    expect(rb1Sections(acc).Reasoning).toBeCloseTo(0.75, 12);
  });

  it('sections weight subsets by example count; an absent section is null, not 0', () => {
    const s = rb1Sections({ 'alpacaeval-easy': 1, 'mt-bench-easy': 0 });
    expect(s.Chat).toBeCloseTo(100 / 128, 12);
    expect(s.Safety).toBeNull();
  });

  it('overall: sections weigh 2, the prior-sets mean 1, missing parts masked (get_benchmark_results.py)', () => {
    const sections = { Chat: 0.8, 'Chat Hard': 0.6, Safety: 0.9, Reasoning: 0.7 };
    const withPrior = rb1Overall(sections, { anthropic_helpful: 0.5, shp: 0.7 });
    expect(withPrior.prior).toBeCloseTo(0.6, 12);
    expect(withPrior.score).toBeCloseTo((2 * (0.8 + 0.6 + 0.9 + 0.7) + 0.6) / 9, 12);
    expect(rb1Overall(sections).score).toBeCloseTo(0.75, 12);
    expect(rb1Overall({ ...sections, Safety: null }).score).toBeCloseTo((0.8 + 0.6 + 0.7) / 3, 12);
  });

  it('sections agree with np.average(weights=EXAMPLE_COUNTS) over the subsets present', () => {
    const subsets = Object.values(RB1_SECTIONS).flat();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...subsets), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1 }),
        (entries) => {
          const acc = Object.fromEntries(entries);
          const ours = rb1Sections(acc);
          for (const [section, tests] of Object.entries(RB1_SECTIONS)) {
            const present = tests.filter((t) => t in acc);
            const w = present.map((t) => RB1_EXAMPLE_COUNTS[t] as number);
            const ref = present.length
              ? present.reduce((a, t, i) => a + (acc[t] as number) * (w[i] as number), 0) / w.reduce((a, b) => a + b, 0)
              : null;
            if (ref === null) expect(ours[section]).toBeNull();
            else expect(ours[section]).toBeCloseTo(ref, 10);
          }
        },
      ),
    );
  });
});

describe('RewardBench 2 best-of-4 (utils.py reroll_and_score_dataset)', () => {
  it('1/k credit for a k-way tie at the top, 0 when beaten', () => {
    expect(bestOfCredit([3, 1, 2, 0])).toBe(1);
    expect(bestOfCredit([3, 3, 1, 0])).toBe(0.5);
    expect(bestOfCredit([3, 3, 3, 1])).toBeCloseTo(1 / 3, 15);
    expect(bestOfCredit([2, 2, 2, 2])).toBe(0.25);
    expect(bestOfCredit([1, 3, 2, 2])).toBe(0);
  });

  it('matches `1/np.sum(scores == max) if scores[0] == max else 0`', () => {
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 6 }), (scores) => {
        let max = scores[0] as number;
        for (const s of scores) if (s > max) max = s;
        const ref = scores[0] === max ? 1 / scores.filter((s) => s === max).length : 0;
        expect(bestOfCredit(scores)).toBe(ref);
      }),
    );
  });
});

describe('RewardBench 2 Ties (utils.py _compute_prompt_stats, process_single_model)', () => {
  const one = (ref: [number[], number[]], tied: [number[], number[]]) =>
    tiesScore(
      new Map([['1', tiesStats({ correct: ref[0], incorrect: ref[1] })]]),
      new Map([['1', tiesStats({ correct: tied[0], incorrect: tied[1] })]]),
    );

  it('worked example: ref [5 | 3,1], tied [5,4.5,4 | 3.5,1]', () => {
    const t = one(
      [[5], [3, 1]],
      [
        [5, 4.5, 4],
        [3.5, 1],
      ],
    );
    expect(t).toMatchObject({ tiedAccuracy: 1, refAccuracy: 1, correctnessPreferred: 0, correctnessPreferredHard: 0 });
    expect(t.marginScore).toBeCloseTo(Math.tanh(-0.5), 12); // tanh(min(2, 0.5)/1 − 1)
    expect(t.score).toBeCloseTo(0.3 + 0.3 + 0.01 * -0.46211715726000974, 12);
  });

  it('0/0 is NaN and counts 0; x/0 is ±inf and counts ±1 (numpy division, nan_to_num)', () => {
    expect(marginTerm(0, 0)).toBe(0);
    expect(marginTerm(0.5, 0)).toBe(1);
    expect(marginTerm(-0.5, 0)).toBe(-1);
    // tied correct answers scored equal (diff 0) and level with the best incorrect (margin 0): NaN → 0
    const nan = one([[4], [1]], [[3, 3], [3]]);
    expect(nan.tiedAccuracy).toBe(0);
    expect(nan.marginScore).toBe(0);
    expect(nan.score).toBeCloseTo(0.3, 12);
    // diff 0 with a positive margin: both preferred terms true, margin term tanh(+inf) = 1
    const inf = one([[4], [1]], [[3, 3], [2]]);
    expect(inf).toMatchObject({ correctnessPreferred: 1, correctnessPreferredHard: 1, marginScore: 1 });
    expect(inf.score).toBeCloseTo(0.3 + 0.3 + 0.2 + 0.2 + 0.01, 12);
  });

  it('no prompt in both ref and tied: the margin means are empty, so the score is null (NaN in numpy)', () => {
    const t = tiesScore(
      new Map([['1', tiesStats({ correct: [2], incorrect: [1] })]]),
      new Map([['2', tiesStats({ correct: [2, 2], incorrect: [1] })]]),
    );
    expect(t.shared).toBe(0);
    expect(t.score).toBeNull();
  });

  it('a tied prompt with one correct answer is an error naming it, not a crash', () => {
    expect(() => one([[2], [1]], [[2], [1]])).toThrow(/tied:1 has fewer than two correct/);
  });

  it('matches a literal numpy transliteration over random prompts', () => {
    const prompt = fc.tuple(
      fc.array(small, { minLength: 2, maxLength: 4 }),
      fc.array(small, { minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(small, { minLength: 1, maxLength: 2 }),
            fc.array(small, { minLength: 1, maxLength: 3 }),
            prompt,
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (rows) => {
          const ref = new Map(rows.map(([c, i], k) => [String(k), tiesStats({ correct: c, incorrect: i })]));
          const tied = new Map(rows.map(([, , [c, i]], k) => [String(k), tiesStats({ correct: c, incorrect: i })]));
          const ours = tiesScore(ref, tied);
          // reference: arrays per prompt id, numpy elementwise ops
          const stat = (c: number[], i: number[]) => ({
            acc: Math.min(...c) - Math.max(...i) > 0,
            diff: Math.max(...c) - Math.min(...c),
            ci: Math.min(...c) - Math.max(...i),
          });
          const r = rows.map(([c, i]) => stat(c, i));
          const t = rows.map(([, , [c, i]]) => stat(c, i));
          const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
          const nan0 = (x: number) => (Number.isNaN(x) ? 0 : x);
          const expected =
            0.3 * mean(t.map((x) => +x.acc)) +
            0.3 * mean(r.map((x) => +x.acc)) +
            0.2 * mean(t.map((x) => +(x.ci > x.diff))) +
            0.2 * mean(t.map((x, k) => +(Math.min(r[k]!.ci, x.ci) > x.diff))) +
            0.01 * mean(t.map((x, k) => nan0(Math.tanh(Math.min(r[k]!.ci, x.ci) / x.diff - 1))));
          expect(ours.score).toBeCloseTo(expected, 12);
        },
      ),
    );
  });
});

describe('RM-Bench style matrix (THU-KEG/RM-Bench compute_accuracy)', () => {
  it('worked example: hard = upper triangle, normal = diagonal, easy = lower triangle', () => {
    // chosen [concise 1, detailed 2, markdown 3] vs rejected [concise 0, detailed 2.5, markdown 5]
    const m = styleMatrix([{ chosen: [1, 2, 3], rejected: [0, 2.5, 5] }]);
    expect(m).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(styleAccuracy(m)).toEqual({ hard: 0, normal: 1 / 3, easy: 1 });
  });

  it('matches np.triu/np.tril/np.diag sums over random rows', () => {
    const three = fc.array(small, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.record({ chosen: three, rejected: three }), { minLength: 1, maxLength: 8 }), (rows) => {
        const acc = [0, 1, 2].map((i) =>
          [0, 1, 2].map((j) => rows.filter((r) => r.chosen[i]! > r.rejected[j]!).length / rows.length),
        );
        let triu = 0;
        let tril = 0;
        let diag = 0;
        for (const [i, line] of acc.entries()) {
          for (const [j, v] of line.entries()) {
            if (j > i) triu += v;
            else if (j < i) tril += v;
            else diag += v;
          }
        }
        const ours = styleAccuracy(styleMatrix(rows));
        expect(ours.hard).toBeCloseTo(triu / 3, 12);
        expect(ours.normal).toBeCloseTo(diag / 3, 12);
        expect(ours.easy).toBeCloseTo(tril / 3, 12);
      }),
    );
  });
});

describe('JudgeBench double game (utils/metrics.py)', () => {
  it('counter > 0 is correct, < 0 incorrect, 0 a tie (not correct)', () => {
    expect(doubleGame('A>B', ['A>B', 'A>B'])).toBe('correct');
    expect(doubleGame('A>B', ['A>B', 'tie'])).toBe('correct');
    expect(doubleGame('A>B', ['A>B', 'B>A'])).toBe('tie');
    expect(doubleGame('A>B', ['tie', 'tie'])).toBe('tie');
    expect(doubleGame('B>A', ['A>B', 'tie'])).toBe('incorrect');
    expect([decisionOf(2, 1), decisionOf(1, 2), decisionOf(1, 1)]).toEqual(['A>B', 'B>A', 'tie']);
  });
});

describe('ProcessBench (code/run_eval_prm_trl.py)', () => {
  it('prediction: first step not above the threshold, else −1; 0.5 itself is an error (argmax picks "bad")', () => {
    expect(firstErrorStep([0.9, 0.8, 0.2, 0.9])).toBe(2);
    expect(firstErrorStep([0.9, 0.5])).toBe(1);
    expect(firstErrorStep([0.9, 0.51])).toBe(-1);
    expect(firstErrorStep([0.9, 0.7], 0.8)).toBe(1);
  });

  it('worked example: error accuracy 3/5, correct accuracy 4/5, F1 = 2·0.6·0.8/1.4', () => {
    const rows = [
      ...[1, 2, 0, 3, 1].map((label, i) => ({ label, prediction: i < 3 ? label : -1 })),
      ...[0, 1, 2, 3, 4].map((i) => ({ label: -1, prediction: i < 4 ? -1 : 2 })),
    ];
    const r = processBenchF1(rows);
    expect(r.errorAccuracy).toBeCloseTo(0.6, 12);
    expect(r.correctAccuracy).toBeCloseTo(0.8, 12);
    expect(r.f1).toBeCloseTo((2 * 0.6 * 0.8) / 1.4, 12);
  });

  it('both accuracies 0, or one side empty: no F1 (NaN in the script), null here', () => {
    expect(
      processBenchF1([
        { label: 1, prediction: -1 },
        { label: -1, prediction: 0 },
      ]).f1,
    ).toBeNull();
    expect(processBenchF1([{ label: 1, prediction: 1 }]).f1).toBeNull();
  });

  it('matches the script (percent accuracies, F1 on the percent scale) over random rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (pairs) => {
          const rows = pairs.map(([label, prediction]) => ({ label, prediction }));
          const d1 = rows.filter((r) => r.label !== -1);
          const d2 = rows.filter((r) => r.label === -1);
          const acc1 = (d1.filter((r) => r.prediction === r.label).length / d1.length) * 100;
          const acc2 = (d2.filter((r) => r.prediction === r.label).length / d2.length) * 100;
          const f1 = (2 * acc1 * acc2) / (acc1 + acc2);
          const ours = processBenchF1(rows).f1;
          if (Number.isFinite(f1)) expect((ours as number) * 100).toBeCloseTo(f1, 9);
          else expect(ours).toBeNull();
        },
      ),
    );
  });
});

describe('PRMBench PRMScore (mr_eval/tasks/prmtest_classified/task.py)', () => {
  it('worked example: TP 3, FP 1, TN 2, FN 2', () => {
    const r = prmScore({ TP: 3, FP: 1, TN: 2, FN: 2 });
    expect(r.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35, 12);
    expect(r.negativeF1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 12);
    expect(r.prmScore).toBeCloseTo(0.5 * r.f1 + 0.5 * r.negativeF1, 12);
    expect(r.sentinel).toBe(false);
  });

  it('confusion: error steps are 1-based negatives', () => {
    expect(stepConfusion([2, 3], [true, true, false, false])).toEqual({ TP: 1, FP: 1, TN: 1, FN: 1 });
  });

  it('a zero denominator is the −1 sentinel, kept as task.py computes it', () => {
    // no step predicted valid: precision TP/(TP+FP) = 0/0 → −1, recall 0/2 = 0, F1 = 2·(−1)·0/(−1) = −0
    const r = prmScore({ TP: 0, FP: 0, TN: 2, FN: 2 });
    expect(r.sentinel).toBe(true);
    expect(r.f1).toBeCloseTo(0, 12);
    expect(r.negativeF1).toBeCloseTo((2 * 0.5 * 1) / 1.5, 12);
  });

  it('matches a literal transliteration of eval_on_hallucination_step + the F1 block', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 12 }), (steps) => {
        const errorSteps = steps.flatMap(([isError], i) => (isError ? [i + 1] : []));
        const labels = steps.map(([, valid]) => (valid ? 1 : 0));
        let TP = 0;
        let FP = 0;
        let TN = 0;
        let FN = 0;
        const hs = errorSteps.map((i) => i - 1);
        labels.forEach((l, idx) => {
          if (hs.includes(idx)) l === 1 ? FP++ : TN++;
          else l === 1 ? TP++ : FN++;
        });
        const div = (a: number, b: number) => (b !== 0 ? a / b : -1);
        const p = div(TP, TP + FP);
        const r = div(TP, TP + FN);
        const f1 = p + r !== 0 ? (2 * p * r) / (p + r) : -1;
        const np = div(TN, TN + FN);
        const nr = div(TN, TN + FP);
        const nf1 = np + nr !== 0 ? (2 * np * nr) / (np + nr) : -1;
        const ours = prmScore(
          stepConfusion(
            errorSteps,
            steps.map(([, v]) => v),
          ),
        );
        expect(ours.prmScore).toBeCloseTo(0.5 * f1 + 0.5 * nf1, 12);
      }),
    );
  });
});
