// Judge overhead against a scripted OpenAI-compatible judge (LATENCY_MS per reply, in another process): samples/s
// at concurrency 64 against the ideal, engine CPU per sample against a bare chat POST of the same size (the
// judge layer's own cost: template, fencing, parsing, counters), a re-run served from the SQLite cache by a
// fresh client, and master-key screening (no call). Best of BENCH_ROUNDS rounds (default 3).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { backendConfigSchema, httpTransport } from '../../src/backends/index.js';
import { createRegistry } from '../../src/catalog.js';
import type { NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { fmt, machine, table } from '../lib/measure.js';
import { barePosts, best as bestOf, type Run, scoreRun } from '../lib/model-runs.js';

const n = Number(process.env.BENCH_SAMPLES ?? 2000);
const latencyMs = Number(process.env.LATENCY_MS ?? 50);
const concurrency = 64;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const ideal = concurrency / (latencyMs / 1000);

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname], {
  env: { ...process.env, LATENCY_MS: String(latencyMs) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  createInterface({ input: child.stdout }).once('line', resolve);
});
const dir = mkdtempSync(join(tmpdir(), 'rk-bench-judges-'));
const configs = {
  default: backendConfigSchema.parse({ baseUrl: `${url}/v1`, model: 'judge', concurrency, retries: 0 }),
};
const registry = createRegistry();
const samples = (keys: boolean): Sample[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    prompt: `Question ${i}: what is ${i} * 7? Explain briefly.`,
    response: keys
      ? (['Solution', 'Thought process:', ':', ' '][i % 4] as string)
      : `<think>${'draft reasoning. '.repeat(20)}</think>${i} * 7 = ${i * 7} (not 42). `.padEnd(
          300 + (i % 300),
          'It is multiplication. ',
        ),
    // The scripted judge prefers the candidate that says 42, so both orders agree.
    reference: { response: 'I do not know.', answer: String(i * 7) },
  }));
const typical = samples(false);
const masterKeys = samples(true);

async function run(node: NodeSpec, cachePath: string | null, input = typical): Promise<Run> {
  return scoreRun(node, input, { configs, registry, concurrency, cachePath });
}

const best = (once: () => Promise<Run>): Promise<Run> => bestOf(rounds, once);

const transport = httpTransport();

/** Baseline: one chat POST per sample with the response as the message, same transport and concurrency. */
function bareChat(): Promise<Run> {
  return barePosts(transport, `${url}/v1/chat/completions`, n, concurrency, (i) => ({
    model: 'judge',
    messages: [{ role: 'user', content: typical[i]?.response }],
  }));
}

const rows: Array<Array<string | number>> = [];
const loadBefore = loadavg()[0] ?? 0;
try {
  await bareChat();
  const bare = await best(bareChat);
  rows.push([
    'bare chat POST, no engine (baseline)',
    1,
    fmt(n / bare.seconds),
    fmt((n / bare.seconds / ideal) * 100),
    fmt(bare.cpuMs / n, 3),
    '-',
    '-',
    '-',
  ]);
  const kinds: Array<[string, NodeSpec, number]> = [
    ['judge-pointwise (1 call)', { kind: 'judge-pointwise' }, 1],
    ['judge-verifier (1 call)', { kind: 'judge-verifier' }, 1],
    ['judge-pairwise, both orders (2 calls)', { kind: 'judge-pairwise' }, 2],
    [
      'rubric, 3 criteria (3 calls)',
      { kind: 'rubric', params: { rubric: [{ criterion: 'a' }, { criterion: 'b' }, { criterion: 'c' }] } },
      3,
    ],
  ];
  for (const [label, node, calls] of kinds) {
    let round = 0;
    let cache = '';
    await run(node, null); // warm-up
    const cold = await best(() => run(node, (cache = join(dir, `${node.kind}-${round++}.sqlite`))));
    const warm = await best(() => run(node, cache));
    const rate = n / cold.seconds;
    rows.push([
      label,
      calls,
      fmt(rate),
      fmt((rate / (ideal / calls)) * 100),
      fmt(cold.cpuMs / n, 3),
      fmt((cold.cpuMs - bare.cpuMs * calls) / n, 3),
      fmt((warm.seconds * 1e6) / n),
      fmt(cold.seconds / warm.seconds),
    ]);
  }
  const keys = await best(() => run({ kind: 'judge-pointwise' }, null, masterKeys));
  rows.push([
    'judge-pointwise on master keys (screened, no call)',
    0,
    fmt(n / keys.seconds),
    '-',
    fmt(keys.cpuMs / n, 3),
    '-',
    fmt((keys.seconds * 1e6) / n),
    '-',
  ]);
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

console.log(`machine: ${machine()}; load average ${fmt(loadBefore)} before, ${fmt(loadavg()[0] ?? 0)} after`);
console.log(
  `${n} samples (~600-char responses), concurrency ${concurrency}, scripted latency ${latencyMs} ms: ideal ${fmt(ideal)} calls/s\n`,
);
console.log(
  table(
    [
      'path',
      'calls/sample',
      'samples/s',
      '% of ideal',
      'engine CPU ms/sample',
      'judge overhead CPU ms/sample (vs bare POSTs)',
      'cached re-run µs/sample',
      'cached speed-up',
    ],
    rows,
  ),
);
