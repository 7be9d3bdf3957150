import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

// The README's spec example, run as written.
it('scores examples/qa.jsonl with examples/format-gated-exact.yaml as the README says', () => {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'score',
      '--spec',
      'examples/format-gated-exact.yaml',
      '--in',
      'examples/qa.jsonl',
      '--quiet',
    ],
    { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.score)).toEqual([1.2, 0.2, 0, 1.2]);
  expect(lines[2].components).toMatchObject({ correct: 0, format: 0 });
});
