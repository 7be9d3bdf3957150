// PRMBench (hitsmy/PRMBench_Preview; arXiv 2501.03124): step validity at a threshold, PRMScore per error class.
import { extraFields, str, strList } from '../data/fields.js';
import { addConfusion, type Confusion, prmScore, stepConfusion } from '../formulas/process.js';
import type { BenchItem, SuiteFactory } from '../suite.js';

const FIELDS = [
  'idx',
  'original_question',
  'modified_question',
  'original_process',
  'modified_process',
  'modified_steps',
  'error_steps',
  'reason',
  'classification',
  'question',
];

/** task.py builds the error-free sample of each problem from its "redundency" row (the data's own spelling). */
const CORRECT_FROM = 'redundency';

interface Unit {
  credit: number;
  classification: string;
  /** null when the solution could not be scored (task.py leaves such predictions out of every metric). */
  confusion: Confusion | null;
}

const ZERO: Confusion = { TP: 0, FP: 0, TN: 0, FN: 0 };
const sum = (units: readonly Unit[]) => units.reduce((c, u) => (u.confusion ? addConfusion(c, u.confusion) : c), ZERO);
const scoreOf = (units: readonly Unit[]) => (units.some((u) => u.confusion) ? prmScore(sum(units)).prmScore : null);

export const prmbench: SuiteFactory = (options) => ({
  name: 'prmbench',
  description:
    'PRMBench: steps valid when scored above the threshold; PRMScore = mean of F1 on valid and on error steps',
  source: 'PRMBench (Song et al. 2025, arXiv 2501.03124); ssmisya/PRMBench mr_eval/tasks/prmtest_classified/task.py',
  layout:
    'idx, original_question, modified_question, original_process [..], modified_process [..], error_steps [1-based], classification',
  stepLevel: true,
  pairwise: false,
  parse(rows) {
    const items: Array<BenchItem<number[]>> = [];
    const seen = new Set<string>();
    const push = (item: BenchItem<number[]>) => {
      if (seen.has(item.key)) return; // task.py keeps the first of repeated ids
      seen.add(item.key);
      items.push(item);
    };
    rows.forEach(({ where, row }, i) => {
      const extra = extraFields(row, where, FIELDS);
      const idx = row.idx === undefined ? String(i + 1) : String(row.idx);
      const classification = str(row, 'classification', where);
      const rawErrors = row.error_steps;
      if (!Array.isArray(rawErrors) || rawErrors.some((x) => typeof x !== 'number' || !Number.isInteger(x)))
        throw new Error(`${where}: "error_steps" must be a list of 1-based step numbers`);
      const errorSteps = rawErrors as number[];
      const item = (
        key: string,
        question: string,
        steps: string[],
        errors: number[],
        subset: string,
      ): BenchItem<number[]> => {
        const bad = errors.find((e) => e < 1 || e > steps.length);
        if (bad !== undefined) throw new Error(`${where}: error step ${bad} is outside 1..${steps.length}`);
        return {
          key,
          where,
          subset,
          prompt: question,
          candidates: [steps.join(options.separator)],
          roles: ['chosen'],
          steps,
          stepRoles: steps.map((_, j) => (errors.includes(j + 1) ? 'rejected' : 'chosen')),
          label: errors,
          extra,
        };
      };
      if (classification === CORRECT_FROM)
        push(
          item(
            `correct_${idx}`,
            str(row, 'original_question', where),
            strList(row, 'original_process', where),
            [],
            'correct',
          ),
        );
      push(
        item(
          `${classification}_${idx}`,
          str(row, 'modified_question', where),
          strList(row, 'modified_process', where),
          errorSteps,
          classification,
        ),
      );
    });
    return items;
  },
  outcome(item, scores) {
    const steps = scores?.[0]?.steps;
    if (!steps) return { credit: 0, unit: { credit: 0, classification: item.subset, confusion: null } };
    const confusion = stepConfusion(
      item.label,
      steps.map((s) => s > options.threshold),
    );
    const credit = (confusion.TP + confusion.TN) / steps.length;
    return { credit, unit: { credit, classification: item.subset, confusion } };
  },
  subsetScore: scoreOf,
  headline(bySubset) {
    // The total runs over the modified samples only; the error-free ones count in their own class (task.py).
    const total = Object.entries(bySubset)
      .filter(([k]) => k !== 'correct')
      .flatMap(([, u]) => u as Unit[]);
    const detail = total.some((u) => u.confusion) ? prmScore(sum(total)) : null;
    return {
      score: detail?.prmScore ?? null,
      extra: {
        f1: detail?.f1 ?? null,
        negativeF1: detail?.negativeF1 ?? null,
        sentinel: detail?.sentinel ?? false,
        threshold: options.threshold,
      },
    };
  },
});
