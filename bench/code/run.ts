// Sandboxed code execution: runs/s for a trivial accepted program and a 10-case stdin/stdout problem,
// with the bubblewrap sandbox on and off (unsafe mode, the baseline) in the same process.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { configureSandbox } from '../../src/sandbox/pool.js';
import { Sandbox, type SandboxMode } from '../../src/sandbox/sandbox.js';
import type { Language } from '../../src/sandbox/types.js';
import { fmt, machine, table } from '../lib/measure.js';

const runs = Number(process.env.BENCH_RUNS ?? 200);
const problems = Number(process.env.BENCH_PROBLEMS ?? 20);
const concurrency = availableParallelism();
const TRIVIAL: Record<Language, string> = { python: 'print(1)', javascript: 'console.log(1)' };

/** Runs/s of `n` trivial programs through the sandbox in `mode`. */
async function trivial(mode: SandboxMode, language: Language): Promise<number> {
  const sandbox = new Sandbox({ mode, concurrency });
  await sandbox.check(language); // probe outside the timing
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: runs }, () => sandbox.run({ language, code: TRIVIAL[language] })),
  );
  const seconds = (performance.now() - started) / 1000;
  if (results.some((r) => r.verdict !== 'accepted')) throw new Error(`${mode}: a trivial run was not accepted`);
  return runs / seconds;
}

/** Bare `python3 -c` spawns, no launcher, limits or sandbox: the floor any runner pays. */
async function bareSpawn(): Promise<number> {
  const { Limiter } = await import('../../src/core/limiter.js');
  const limiter = new Limiter(concurrency);
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('/usr/bin/python3', ['-c', TRIVIAL.python], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: runs }, () => limiter.run(once)));
  return runs / ((performance.now() - started) / 1000);
}

/** Runs/s (10 per problem) scoring `problems` samples of a 10-case problem through the `code` reward. */
async function tenCases(mode: SandboxMode): Promise<number> {
  configureSandbox({ mode, concurrency });
  const tests = Array.from({ length: 10 }, (_, i) => ({ stdin: `${i} ${i * 3}\n`, stdout: `${i * 4}\n` }));
  const samples: Sample[] = Array.from({ length: problems }, (_, i) => ({
    id: i,
    prompt: 'add two numbers',
    // A distinct program per sample so the runner's dedupe does not skip any.
    response: `\`\`\`python\na, b = map(int, input().split())\nprint(a + b)  # ${i}\n\`\`\``,
    reference: { tests },
  }));
  const root = compileNode({ kind: 'code', params: { score: 'pass-rate' } }, createRegistry(), { file: 'bench' });
  const started = performance.now();
  const results = await new Runner({ concurrency: 64 }).score(root, samples);
  const seconds = (performance.now() - started) / 1000;
  if (results.some((r) => r.score !== 1)) throw new Error(`${mode}: a 10-case problem did not pass`);
  return (problems * 10) / seconds;
}

const rows: Array<Array<string | number>> = [];
const bare = await bareSpawn();
rows.push(['bare `python3 -c` spawn (floor)', `${runs} runs`, fmt(bare), '—']);
for (const language of ['python', 'javascript'] as const) {
  const off = await trivial('unsafe-no-sandbox', language);
  const on = await trivial('bwrap', language);
  rows.push([`trivial ${language}, sandbox off (baseline)`, `${runs} runs`, fmt(off), '1.00x']);
  rows.push([`trivial ${language}, bwrap sandbox`, `${runs} runs`, fmt(on), `${fmt(off / on, 3)}x slower`]);
}
const off10 = await tenCases('unsafe-no-sandbox');
const on10 = await tenCases('bwrap');
rows.push(['10-case stdin/stdout problem, sandbox off (baseline)', `${problems} problems`, fmt(off10), '1.00x']);
rows.push([
  '10-case stdin/stdout problem, bwrap sandbox',
  `${problems} problems`,
  fmt(on10),
  `${fmt(off10 / on10, 3)}x slower`,
]);

console.log(`\n### code: sandboxed runs/s, ${concurrency} at a time (${machine()})\n`);
console.log(table(['workload', 'size', 'runs/s', 'vs sandbox off'], rows));
