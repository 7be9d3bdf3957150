// Scores N samples through the built CLI (exact match + format) next to a JSON parse/stringify baseline.
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, machine, runNode, table } from '../lib/measure.js';

const n = Number(process.env.BENCH_SAMPLES ?? 200_000);
const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-bench-score-'));
const data = join(dir, 'samples.jsonl');
const spec = join(dir, 'spec.yaml');

const answers = ['Paris', '42', 'blue whale', 'Marie Curie', '3/4', 'Jupiter'];
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const answer = answers[i % answers.length] as string;
  const said = i % 3 === 0 ? answers[(i + 1) % answers.length] : answer;
  const response = i % 5 === 0 ? `I think it is ${said}.` : `<think>step ${i}</think><answer>${said}</answer>`;
  lines.push(JSON.stringify({ id: i, prompt: `question ${i % 1000}`, response, reference: answer }));
}
writeFileSync(data, `${lines.join('\n')}\n`);
writeFileSync(
  spec,
  'reward:\n  kind: weighted-sum\n  terms:\n    - {kind: exact-match, weight: 1}\n    - {kind: format, weight: 0.2}\n',
);

execSync('npm run build --silent', { cwd: repo, stdio: 'inherit' });
const baseline = await runNode([join(repo, 'bench/score/baseline.mjs'), data]);
const score = await runNode([join(repo, 'dist/cli/main.js'), 'score', '--spec', spec, '--in', data, '--quiet'], {
  cwd: repo,
});

console.log(`\n### score: ${fmt(n)} samples, exact-match + format (${machine()})\n`);
const row = (name: string, r: typeof score) => [
  name,
  fmt(r.seconds),
  fmt(r.cpuSeconds),
  fmt(n / r.seconds),
  fmt(n / r.cpuSeconds),
  fmt(r.maxRssMiB),
  `${fmt(r.cpuSeconds / baseline.cpuSeconds, 2)}x`,
];
console.log(
  table(
    ['run', 'wall s', 'CPU s', 'samples/s (wall)', 'samples/CPU-s', 'peak RSS MiB', 'CPU vs baseline'],
    [row('JSON parse + stringify (baseline)', baseline), row('rewardkit score', score)],
  ),
);
