#!/usr/bin/env node
import { Command } from 'commander';
import { readPackageVersion } from './version.js';

const program = new Command('rewardkit')
  .description('The reward layer for LLM post-training and evaluation')
  .version(readPackageVersion())
  .showHelpAfterError();
// `--version` needs no command: skip loading them (and every reward family they pull in) so it answers at once.
const argv = process.argv.slice(2);
const versionOnly = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
if (!versionOnly) await (await import('./commands.js')).registerCommands(program, argv);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`rewardkit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
