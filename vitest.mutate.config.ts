// The vitest config Stryker runs: only the tests of the module group being mutated (MUTATE_TESTS, a
// comma list of globs set by scripts/mutate.mjs), so each mutant runs seconds of tests, not the suite.
import type { RunnerTestCase, RunnerTestFile } from 'vitest';
import { defineConfig } from 'vitest/config';
import type { Reporter, Vitest } from 'vitest/node';

// Stryker's vitest runner scores a mutant from the tests it collected, so one that stops a test file from
// loading (a kind name the registry refuses, a module-level table) reads as survived (stryker-js#6150).
// This reporter gives each file that failed to load one failing test carrying the load error.
function loadFailuresFailATest(): Reporter {
  let vitest: Vitest | undefined;
  return {
    onInit(v) {
      vitest = v;
    },
    onTestRunEnd() {
      for (const file of (vitest?.state.getFiles() ?? []) as RunnerTestFile[]) {
        if (file.result?.state !== 'fail' || !file.result.errors?.length) continue;
        const loads = { type: 'test', id: `${file.id}_load`, name: 'the test file loads', mode: 'run', file };
        file.tasks.push({
          ...loads,
          suite: file,
          meta: {},
          context: {},
          result: { ...file.result },
        } as never as RunnerTestCase);
      }
    },
  };
}

export default defineConfig({
  test: {
    include: (process.env.MUTATE_TESTS ?? 'src/**/*.test.ts').split(','),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup-properties.ts'],
    reporters: ['default', loadFailuresFailATest()],
  },
});
