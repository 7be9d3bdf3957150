// Scores N samples through the built CLI next to two baselines on the same file, in alternated rounds:
// Node's own JSON parse + stringify (baseline.mjs, the floor) and a plain Python loop doing the same exact match
// (py_loop.py, /usr/bin/python3). BENCH_SAMPLES (default 1,000,000, the size the targets are set for), BENCH_ROUNDS (default 3), BENCH_PYTHON.
import { execFileSync, execSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildRun, fmt, machine, minMedMax, runChild, runNode, table } from '../lib/measure.js';

const n = Number(process.env.BENCH_SAMPLES ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const python = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-bench-score-'));
const data = join(dir, 'samples.jsonl');
const specs = { em: join(dir, 'exact-match.yaml'), ws: join(dir, 'weighted-sum.yaml') };

const answers = ['Paris', '42', 'blue whale', 'Marie Curie', '3/4', 'Jupiter'];
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const answer = answers[i % answers.length] as string;
  const said = i % 3 === 0 ? answers[(i + 1) % answers.length] : answer;
  const response = i % 5 === 0 ? `I think it is ${said}.` : `<think>step ${i}</think><answer>${said}</answer>`;
  lines.push(JSON.stringify({ id: i, prompt: `question ${i % 1000}`, response, reference: answer }));
}
writeFileSync(data, `${lines.join('\n')}\n`);
lines.length = 0;
writeFileSync(specs.em, 'reward:\n  kind: exact-match\n');
writeFileSync(
  specs.ws,
  'reward:\n  kind: weighted-sum\n  terms:\n    - {kind: exact-match, weight: 1}\n    - {kind: format, weight: 0.2}\n',
);

// A full tsc only when a source changed since the last build.
execSync('node scripts/build.mjs --if-stale', { cwd: repo, stdio: 'inherit' });
const cli = (spec: string, ...extra: string[]) => [
  join(repo, 'bin/rewardkit.js'),
  'score',
  '--spec',
  spec,
  '--in',
  data,
  '--quiet',
  ...extra,
];

// The Python loop and rewardkit must do the same work: every line's exact-match score equal.
const rkOut = join(dir, 'rewardkit.jsonl');
const pyOut = join(dir, 'python.jsonl');
execFileSync(process.execPath, cli(specs.em, '--out', rkOut), { cwd: repo, stdio: 'inherit' });
const pyFd = openSync(pyOut, 'w');
execFileSync(python, [join(repo, 'bench/score/py_loop.py'), data], { stdio: ['ignore', pyFd, 'ignore'] });
closeSync(pyFd);
const scores = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { score?: number }).score);
const rkScores = scores(rkOut);
const pyScores = scores(pyOut);
const equal = rkScores.filter((s, i) => s === pyScores[i]).length;
const agree = `${fmt(equal)} of ${fmt(n)} exact-match scores equal (rewardkit ${fmt(rkScores.length)} lines, python ${fmt(pyScores.length)})`;
if (equal !== n || pyScores.length !== n) process.exitCode = 1;

const runs: Record<string, () => Promise<ChildRun>> = {
  'JSON parse + stringify, Node (floor)': () => runNode([join(repo, 'bench/score/baseline.mjs'), data]),
  'plain Python loop, exact-match': () => runChild(python, [join(repo, 'bench/score/py_loop.py'), data]),
  'rewardkit score, exact-match': () => runNode(cli(specs.em), { cwd: repo }),
  'rewardkit score, exact-match + format': () => runNode(cli(specs.ws), { cwd: repo }),
};
const names = Object.keys(runs);
const cells: Record<string, ChildRun[]> = Object.fromEntries(names.map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  // Each round starts one run later, so no run always goes first on a shared machine.
  for (let j = 0; j < names.length; j++) {
    const name = names[(r + j) % names.length] as string;
    cells[name]?.push(await (runs[name] as () => Promise<ChildRun>)());
  }
}

const [floor, py, em, ws] = names.map((k) => cells[k] as ChildRun[]) as [
  ChildRun[],
  ChildRun[],
  ChildRun[],
  ChildRun[],
];
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`\n### score: ${fmt(n)} samples, ${rounds} alternated rounds (${machine()})\n`);
console.log(`agreement: ${agree}\n`);
console.log(
  table(
    ['run', 'wall s min/med/max', 'CPU s min/med/max', 'samples/s (wall, med)', 'peak RSS MiB (max)'],
    names.map((name) => {
      const cs = cells[name] as ChildRun[];
      return [
        name,
        minMedMax(cs.map((c) => c.seconds)),
        minMedMax(cs.map((c) => c.cpuSeconds)),
        fmt(n / med(cs.map((c) => c.seconds))),
        fmt(Math.max(...cs.map((c) => c.maxRssMiB))),
      ];
    }),
  ),
);
const ratio = (a: ChildRun[], b: ChildRun[], f: (c: ChildRun) => number) => a.map((c, i) => f(c) / f(b[i] as ChildRun));
const wall = (c: ChildRun) => c.seconds;
const cpu = (c: ChildRun) => c.cpuSeconds;
console.log('\n### ratios per round (min / median / max)\n');
console.log(
  table(
    ['ratio', 'wall', 'CPU'],
    [
      ['Python loop / rewardkit exact-match (target >= 3x)', ...[wall, cpu].map((f) => minMedMax(ratio(py, em, f), 2))],
      [
        'rewardkit exact-match / Node floor (target <= 3x)',
        ...[wall, cpu].map((f) => minMedMax(ratio(em, floor, f), 2)),
      ],
      ['rewardkit exact-match + format / Node floor', ...[wall, cpu].map((f) => minMedMax(ratio(ws, floor, f), 2))],
    ],
  ),
);
