// Mutation testing (`npm run mutate -- GROUP`, scripts/mutate.mjs; not part of `npm test`): the modules
// where a silent bug means a wrong reward, each group with only its own tests (vitest.mutate.config.ts).
// Scores and the accounted-for survivors are recorded in docs/CONTRIBUTING.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  dryRunTimeoutMinutes: 15,
  coverageAnalysis: 'perTest',
  concurrency: 1, // 2 shared cores: leave one for everyone else
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${process.env.MUTATE_GROUP ?? 'all'}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation-${process.env.MUTATE_GROUP ?? 'all'}.json` },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['dist', 'reports', '.rewardkit', 'bench', 'docs'],
  // The groups and their files are in scripts/mutate.mjs.
  mutate: [],
};
