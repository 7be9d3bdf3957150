import type { Command } from 'commander';
import { registerKinds } from './kinds.js';
import { registerScore } from './score.js';
import { registerServe } from './serve.js';
import { registerTraces } from './traces.js';

/** Every CLI subcommand. A new command is one file exporting a register function, added here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerScore,
  registerKinds,
  registerServe,
  registerTraces,
];
