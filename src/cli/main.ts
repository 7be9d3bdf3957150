#!/usr/bin/env node
import { Command } from 'commander';
import { COMMANDS } from './commands.js';
import { readPackageVersion } from './version.js';

const program = new Command('rewardkit')
  .description('The reward layer for LLM post-training and evaluation')
  .version(readPackageVersion())
  .showHelpAfterError();
for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`rewardkit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
