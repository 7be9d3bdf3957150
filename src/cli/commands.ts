import type { Command } from 'commander';
import { registerBench } from './bench.js';
import { registerData } from './data/index.js';
import { registerDiff } from './diff.js';
import { registerImportOpenAI } from './import-openai.js';
import { registerKinds } from './kinds.js';
import { registerProbe } from './probe.js';
import { registerRankAt1 } from './rank-at-1.js';
import { registerRescore } from './rescore.js';
import { registerRubrics } from './rubrics.js';
import { registerSacrebleuCheck } from './sacrebleu-check.js';
import { registerSandbox } from './sandbox.js';
import { registerScore } from './score.js';
import { registerSelect } from './select.js';
import { registerServe } from './serve.js';
import { registerTraces } from './traces.js';
import { registerTrainHead } from './train-head/index.js';
import { registerProbeDims } from './train-head/probe-dims.js';

/** Every CLI subcommand. A new command is one file exporting a register function, added here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerScore,
  registerKinds,
  registerServe,
  registerTraces,
  registerImportOpenAI,
  registerSacrebleuCheck,
  registerSelect,
  registerSandbox,
  registerRankAt1,
  registerProbe,
  registerDiff,
  registerRescore,
  registerBench,
  registerData,
  registerRubrics,
  registerTrainHead,
  registerProbeDims,
];
