import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every CLI subcommand by name, each imported only when it runs (or for `--help`), so a command loads just
 * the reward families it uses. A new command is one file exporting a register function, added here.
 */
export const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<Register> }> = [
  { name: 'score', load: async () => (await import('./score.js')).registerScore },
  { name: 'kinds', load: async () => (await import('./kinds.js')).registerKinds },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServe },
  { name: 'traces', load: async () => (await import('./traces.js')).registerTraces },
  { name: 'import-openai', load: async () => (await import('./import-openai.js')).registerImportOpenAI },
  { name: 'sacrebleu-check', load: async () => (await import('./sacrebleu-check.js')).registerSacrebleuCheck },
  { name: 'select', load: async () => (await import('./select.js')).registerSelect },
  { name: 'sandbox', load: async () => (await import('./sandbox.js')).registerSandbox },
  { name: 'rank-at-1', load: async () => (await import('./rank-at-1.js')).registerRankAt1 },
  { name: 'probe', load: async () => (await import('./probe.js')).registerProbe },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'rescore', load: async () => (await import('./rescore.js')).registerRescore },
  { name: 'bench', load: async () => (await import('./bench.js')).registerBench },
  { name: 'data', load: async () => (await import('./data/index.js')).registerData },
  { name: 'rubrics', load: async () => (await import('./rubrics.js')).registerRubrics },
  { name: 'train-head', load: async () => (await import('./train-head/index.js')).registerTrainHead },
  { name: 'probe-dims', load: async () => (await import('./train-head/probe-dims.js')).registerProbeDims },
];

/** Registers the command `argv` names, or every command when it names none (help, a typo to suggest for). */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const wanted = named ? [named] : COMMANDS;
  for (const register of await Promise.all(wanted.map((c) => c.load()))) register(program);
}
