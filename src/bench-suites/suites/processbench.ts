// ProcessBench (Qwen/ProcessBench; arXiv 2412.06559): find the first wrong step (or −1), F1 per split, mean F1.
import { basename, extname } from 'node:path';
import { extraFields, int, str, strList } from '../data/fields.js';
import { firstErrorStep, processBenchF1 } from '../formulas/process.js';
import { type BenchItem, meanOfSubsets, type SuiteFactory } from '../suite.js';

const FIELDS = ['id', 'generator', 'problem', 'steps', 'final_answer_correct', 'label'];

interface Unit {
  credit: number;
  label: number;
  prediction: number;
}

const f1 = (units: readonly Unit[]) => processBenchF1(units).f1;

/** The split: the id's prefix ("gsm8k-0" → gsm8k), else the file name. */
function splitOf(id: unknown, file: string): string {
  const m = typeof id === 'string' ? /^(.+)-\d+$/.exec(id) : null;
  return m ? (m[1] as string) : basename(file, extname(file));
}

export const processbench: SuiteFactory = (options) => ({
  name: 'processbench',
  description: 'ProcessBench: predicted first wrong step (first step not above the threshold) vs label; mean F1',
  source: 'ProcessBench (Zheng et al. 2024, arXiv 2412.06559); QwenLM/ProcessBench code/run_eval_prm_trl.py',
  layout:
    'id, problem, steps [..], label (index of the first wrong step, −1 when all are right) (generator, final_answer_correct)',
  stepLevel: true,
  pairwise: false,
  parse: (rows) =>
    rows.map(({ where, row, file }, i): BenchItem<number> => {
      const extra = extraFields(row, where, FIELDS);
      const steps = strList(row, 'steps', where);
      const label = int(row, 'label', where);
      if (label < -1 || label >= steps.length)
        throw new Error(`${where}: "label" must be −1 or a step index below ${steps.length}, got ${label}`);
      return {
        key: String(row.id ?? i + 1),
        where,
        subset: splitOf(row.id, file),
        prompt: str(row, 'problem', where),
        candidates: [steps.join(options.separator)],
        roles: ['chosen'],
        steps,
        // ProcessBench labels only the first wrong step: steps after it are neither.
        stepRoles: steps.map((_, j) => (label === -1 || j < label ? 'chosen' : j === label ? 'rejected' : null)),
        label,
        extra,
      };
    }),
  outcome(item, scores) {
    const steps = scores?.[0]?.steps;
    // An unscored solution predicts nothing, so it matches no label.
    const prediction = steps ? firstErrorStep(steps, options.threshold) : -2;
    const credit = prediction === item.label ? 1 : 0;
    return { credit, unit: { credit, label: item.label, prediction } };
  },
  subsetScore: f1,
  headline(bySubset) {
    const splits = Object.fromEntries(Object.entries(bySubset).map(([k, u]) => [k, processBenchF1(u as Unit[])]));
    return {
      score: meanOfSubsets(bySubset as Record<string, Unit[]>, f1),
      extra: { splits, threshold: options.threshold },
    };
  },
});
