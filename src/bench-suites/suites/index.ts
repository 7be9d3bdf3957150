import type { SuiteFactory } from '../suite.js';
import { bon } from './bon.js';
import { judgebench } from './judgebench.js';
import { pairs } from './pairs.js';
import { prmbench } from './prmbench.js';
import { processbench } from './processbench.js';
import { rewardbench } from './rewardbench.js';
import { rewardbench2 } from './rewardbench2.js';
import { rmBench } from './rm-bench.js';
import { rmb } from './rmb.js';

/** Every suite by the name `--suite` takes. */
export const SUITES: Readonly<Record<string, SuiteFactory>> = {
  rewardbench,
  rewardbench2,
  'rm-bench': rmBench,
  judgebench,
  rmb,
  processbench,
  prmbench,
  pairs,
  bon,
};
