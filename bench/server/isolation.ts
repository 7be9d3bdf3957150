// bench/server/isolation: can one client hurt another? Client B scores exact-match, one request in flight,
// first alone (unloaded) and then while client A sends deep-nesting, giant and CAS-heavy samples in a loop
// (loaded). Reports B's p50/p99 in both phases and their ratio, and checks that no answer of either client and
// no trace of B is lost. The server runs from source in its own process with its default config (traces on).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fmt, machine, table } from '../lib/measure.js';
import { quantile } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 1);
const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rewardkit-bench-isolation-'));
const traces = join(dir, 'traces.sqlite');
writeFileSync(join(dir, 'exact-match.yaml'), 'reward:\n  kind: exact-match\n');
writeFileSync(join(dir, 'math.yaml'), readFileSync(join(repo, 'specs/math.yaml')));
writeFileSync(join(dir, 'edit.yaml'), 'reward:\n  kind: edit-similarity\n');

function post(agent: Agent, port: number, body: string, id?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (id) headers['x-request-id'] = id;
    const req = request({ host: '127.0.0.1', port, path: '/v1/score', method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, text: '' }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

// Client B: 8 exact-match samples per request with known scores.
const victimSamples = Array.from({ length: 8 }, (_, i) => ({
  prompt: `question ${i}`,
  response: i % 2 === 0 ? `The answer is Paris ${i}.` : 'The answer is Rome.',
  reference: `Paris ${i}`,
}));
const victimExpected = victimSamples.map((_, i) => (i % 2 === 0 ? 1 : 0));
const victimBody = JSON.stringify({ spec: 'exact-match', samples: victimSamples });

// Client A's hostile bodies, sent in turn.
function deep(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}
const giantText = 'lorem ipsum dolor sit amet '.repeat(Number(process.env.BENCH_GIANT_KB ?? 1900) * 38); // ~1.9 MB by default, as in issue 12
const hostile: Array<{ name: string; body: string; n: number }> = [
  {
    name: 'deep-nesting',
    body: `{"spec":"exact-match","samples":[{"prompt":"q","response":"r","reference":${deep(20_000)}}]}`,
    n: 1,
  },
  {
    name: 'giant',
    body: JSON.stringify({ spec: 'edit', samples: [{ prompt: 'q', response: giantText, reference: giantText }] }),
    n: 1,
  },
  {
    name: 'cas-heavy',
    body: JSON.stringify({
      spec: 'math',
      samples: [
        ...Array.from({ length: 8 }, (_, i) => ({ prompt: 'p', response: `\\boxed{${100_000 + i}!}`, reference: '1' })),
        { prompt: 'p', response: '\\boxed{(x+1)^{10^{10}}}', reference: '(x+1)^{10^{10}+1}' },
        { prompt: 'p', response: '\\boxed{\\sin(10^{100})}', reference: '\\sin(10^{100}+1)' },
      ],
    }),
    n: 10,
  },
];

// BENCH_HOSTILE=giant,cas-heavy sends only those kinds (to see which one hurts).
const only = process.env.BENCH_HOSTILE?.split(',');
if (only) hostile.splice(0, hostile.length, ...hostile.filter((h) => only.includes(h.name)));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--specs', dir, '--port', String(port)],
    {
      cwd: repo,
      env: { ...process.env, REWARDKIT_TRACES: traces, REWARDKIT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agent = new Agent({ keepAlive: false });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if ((await post(agent, port, '{"spec":"exact-match","samples":[]}')).status > 0) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server never answered');
}

interface Victim {
  latencies: number[];
  ids: string[];
  lost: number;
}

/** Client B for `seconds`: one request in flight; an answer that is not 8 correct results counts as lost. */
async function victim(port: number, phase: string, seconds: number): Promise<Victim> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const out: Victim = { latencies: [], ids: [], lost: 0 };
  const end = performance.now() + seconds * 1000;
  for (let k = 0; performance.now() < end; k++) {
    const id = `victim-${phase}-${k}`;
    const t0 = performance.now();
    const res = await post(agent, port, victimBody, id);
    const ms = performance.now() - t0;
    out.ids.push(id);
    let ok = false;
    if (res.status === 200) {
      const results = (JSON.parse(res.text) as { results: Array<{ status: string; score?: number }> }).results;
      ok = results.length === 8 && results.every((r, i) => r.status === 'scored' && r.score === victimExpected[i]);
    }
    if (ok) out.latencies.push(ms);
    else out.lost++;
  }
  agent.destroy();
  out.latencies.sort((a, b) => a - b);
  return out;
}

/** Client A until `stop`: `ATTACKERS` requests in flight, hostile bodies in turn; counts answers by kind. */
async function attacker(port: number, stop: () => boolean): Promise<{ sent: number; unanswered: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: ATTACKERS });
  let sent = 0;
  let unanswered = 0;
  await Promise.all(
    Array.from({ length: ATTACKERS }, async (_, lane) => {
      for (let k = lane; !stop(); k++) {
        const h = hostile[k % hostile.length] as (typeof hostile)[number];
        sent++;
        const res = await post(agent, port, h.body);
        // An answer is one result per sample (200), or our coded error body (4xx/5xx): anything else is lost.
        let answered = false;
        try {
          const body = JSON.parse(res.text) as { results?: unknown[]; error?: { code?: string } };
          answered = res.status === 200 ? body.results?.length === h.n : typeof body.error?.code === 'string';
        } catch {}
        if (!answered) unanswered++;
      }
    }),
  );
  agent.destroy();
  return { sent, unanswered };
}

const port = await freePort();
const server = await startServer(port);
await victim(port, 'warm', 2);
// Phases alternate in slices (unloaded, loaded, ...) so drift in the machine's background load hits both alike.
const SLICES = Math.max(1, Math.round(SECONDS / 2));
const unloaded: Victim = { latencies: [], ids: [], lost: 0 };
const loaded: Victim = { latencies: [], ids: [], lost: 0 };
const a = { sent: 0, unanswered: 0 };
const add = (into: Victim, part: Victim) => {
  into.latencies.push(...part.latencies);
  into.ids.push(...part.ids);
  into.lost += part.lost;
};
for (let slice = 0; slice < SLICES; slice++) {
  add(unloaded, await victim(port, `unloaded${slice}`, SECONDS / SLICES));
  let stopping = false;
  const attack = attacker(port, () => stopping);
  await new Promise((r) => setTimeout(r, 300)); // let the attack reach full pressure
  add(loaded, await victim(port, `loaded${slice}`, SECONDS / SLICES));
  stopping = true;
  const part = await attack;
  a.sent += part.sent;
  a.unanswered += part.unanswered;
}
unloaded.latencies.sort((x, y) => x - y);
loaded.latencies.sort((x, y) => x - y);
const exited = new Promise((r) => server.once('exit', r));
server.kill('SIGTERM'); // drains, then closes the trace store
await exited;

const db = new Database(traces, { readonly: true });
const traced = new Set(
  (
    db.prepare("SELECT request_id FROM requests WHERE request_id LIKE 'victim-%'").all() as Array<{
      request_id: string;
    }>
  )
    .map((r) => r.request_id)
    .filter((id) => !id.startsWith('victim-warm')),
);
db.close();
const victimIds = [...unloaded.ids, ...loaded.ids];
const lostTraces = victimIds.filter((id) => !traced.has(id)).length;

const p = (v: Victim, q: number) => quantile(v.latencies, q);
console.log(`bench/server/isolation on ${machine()}; ${SECONDS} s per phase, ${ATTACKERS} hostile requests in flight`);
console.log(
  table(
    ['client B (exact-match, 8 samples)', 'requests', 'p50 ms', 'p99 ms', 'lost results'],
    [
      ['unloaded', unloaded.ids.length, fmt(p(unloaded, 0.5)), fmt(p(unloaded, 0.99)), unloaded.lost],
      ['loaded', loaded.ids.length, fmt(p(loaded, 0.5)), fmt(p(loaded, 0.99)), loaded.lost],
    ],
  ),
);
const ratio = p(loaded, 0.99) / p(unloaded, 0.99);
console.log(`p99 loaded / unloaded: ${fmt(ratio)}x (must stay within 3x)`);
console.log(
  `client A: ${a.sent} hostile requests (${hostile.map((h) => h.name).join(', ')}), ${a.unanswered} unanswered`,
);
console.log(`client B traces: ${victimIds.length - lostTraces} of ${victimIds.length} stored, ${lostTraces} lost`);
if (ratio > 3 || unloaded.lost + loaded.lost + a.unanswered + lostTraces > 0) process.exitCode = 1;
