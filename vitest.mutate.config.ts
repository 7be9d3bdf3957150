// The vitest config Stryker runs: only the tests of the module group being mutated (MUTATE_TESTS, a
// comma list of globs set by scripts/mutate.mjs), so each mutant runs seconds of tests, not the suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: (process.env.MUTATE_TESTS ?? 'src/**/*.test.ts').split(','),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup-properties.ts'],
  },
});
