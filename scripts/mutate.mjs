// `npm run mutate -- GROUP [--mutate FILE] [--tests A,B]`: StrykerJS over one group of the modules where a silent bug
// means a wrong reward, with only that group's tests. Results: reports/mutation-GROUP.json (and the
// incremental file, so a re-run only tests changed code). Scores go to docs/CONTRIBUTING.md.
import { spawnSync } from 'node:child_process';

const GROUPS = {
  math: {
    mutate: [
      'src/math/compare.ts',
      'src/math/points.ts',
      'src/math/fast-eval.ts',
      'src/math/fast-judge.ts',
      'src/math/rational.ts',
      'src/math/relations.ts',
      'src/math/matrix.ts',
    ],
    // Unit tests of these files and the in-process reward and conformance tests (seconds each; compare.ts
    // has no direct unit test). Not the reference suites (count thresholds), the attack tests (1-2 minutes
    // each) or pool.test.ts (CAS work in worker threads, where no mutant is active).
    tests: [
      'src/math/fast-eval.test.ts',
      'src/math/points.test.ts',
      'src/math/normalize.test.ts',
      'src/math/structure.test.ts',
      'src/math/reward.test.ts',
      'test/math/conformance.test.ts',
      'src/math/rational.test.ts',
      'src/math/relations.test.ts',
      'src/math/matrix.test.ts',
      'src/math/fast-judge.test.ts',
      'src/math/points-equations.test.ts',
    ],
  },
  extract: {
    mutate: [
      'src/math/extract.ts',
      'src/math/spans.ts',
      'src/math/prose.ts',
      'src/math/normalize.ts',
      'src/math/structure.ts',
      'src/rewards/extract.ts',
      'src/rewards/normalize.ts',
    ],
    // The unit tests of these files and of the rewards built on them (seconds); the reference suites
    // (count thresholds, CAS work per sample) and the attack tests take minutes per mutant.
    tests: [
      'src/math/extract.test.ts',
      'src/math/extract-edges.test.ts',
      'src/math/normalize.test.ts',
      'src/math/spans.test.ts',
      'src/math/prose.test.ts',
      'src/math/structure.test.ts',
      'src/math/structure-edges.test.ts',
      'src/rewards/extract.test.ts',
      'src/rewards/extract-once.test.ts',
      'src/rewards/normalize.test.ts',
      'src/rewards/exact-match.test.ts',
      'src/rewards/token-f1.test.ts',
      'src/rewards/multiple-choice.test.ts',
      'src/rewards/regex.test.ts',
      'src/rewards/contains.test.ts',
      'src/rewards/numeric-match.test.ts',
    ],
  },
  shaping: {
    mutate: ['src/shaping/steps.ts', 'src/shaping/length.ts', 'src/shaping/groups.ts'],
    // Not test/shaping/cli.test.ts: it scores in a child process, where no mutant is active.
    tests: ['src/shaping/**/*.test.ts', 'test/shaping/boundaries.test.ts'],
  },
  text: {
    mutate: ['src/text/bleu.ts', 'src/text/chrf.ts', 'src/text/rouge.ts', 'src/text/rouge-ngrams.ts'],
    // Not test/text/text-cli.test.ts: it runs the CLI in a child process, where no mutant is active.
    tests: ['src/text/**/*.test.ts'],
  },
  // The classifier's unit tests only: the attack suite runs 60 hostile programs (minutes) per mutant.
  sandbox: {
    mutate: ['src/sandbox/classify.ts'],
    tests: ['src/sandbox/sandbox.test.ts', 'test/sandbox/classify.test.ts'],
  },
  compose: {
    mutate: ['src/compose/weighted-sum.ts', 'src/compose/gate.ts', 'src/compose/children.ts'],
    tests: ['test/compose.test.ts', 'test/compose-rules.test.ts', 'test/runner.test.ts', 'test/spec.test.ts'],
  },
  // The runner: how leaves and composites are evaluated and their results assembled per sample.
  runner: {
    mutate: ['src/core/runner.ts'],
    tests: [
      'test/runner.test.ts',
      'test/runner-*.test.ts',
      'test/compose.test.ts',
      'test/compose-rules.test.ts',
      'test/sample-isolation.test.ts',
    ],
  },
};

const [group, ...args] = process.argv.slice(2);
const spec = GROUPS[group];
if (!spec) {
  console.error(`usage: npm run mutate -- <${Object.keys(GROUPS).join('|')}> [--mutate FILE ...] [--tests A,B]`);
  process.exit(2);
}
// `--tests A,B` runs only those test files (globs) instead of the group's list, for a file whose own unit
// tests are enough; the default list is unchanged.
const at = args.indexOf('--tests');
const tests = at >= 0 ? args[at + 1] : spec.tests.join(',');
const rest = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args;
if (!tests) {
  console.error('--tests needs a comma list of test files');
  process.exit(2);
}
const only = rest.includes('--mutate') ? [] : ['--mutate', spec.mutate.join(',')];
const run = spawnSync(
  process.execPath,
  ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...only, ...rest],
  { stdio: 'inherit', env: { ...process.env, MUTATE_GROUP: group, MUTATE_TESTS: tests } },
);
process.exit(run.status ?? 1);
