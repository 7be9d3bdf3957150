// Worker thread: compiles the server's specs once, then scores tasks. A heartbeat in shared memory
// says which sample a synchronous reward is busy with, so the pool can stop a stuck one.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { type Backends, openBackends } from '../../backends/index.js';
import { Runner } from '../../core/runner.js';
import { parseSample } from '../../core/sample-schema.js';
import { type CompiledNode, loadSpec } from '../../core/spec.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { createLazyRegistry } from '../../kinds/lazy.js';
import { readScoreBody } from '../http/raw-body.js';
import { leanAnswer, withId } from '../http/wire.js';
import { encodeTraceValue } from '../traces/trace-encode.js';
import { loadExtraDefinitions } from './extra-kinds.js';
import { instrumentTree, type LeafProbe } from './instrument.js';
import { addTiming, type Timings, type WireResults } from './scorer.js';
import { componentPaths } from './spec-set.js';
import {
  HB,
  type ItemResult,
  type TaskItem,
  type UnreadOutcome,
  type WorkerSetup,
  type WorkerTask,
} from './worker-protocol.js';

interface Current {
  hb: Int32Array;
  epoch: number;
  /** Sample -> [index over the whole task, item index]. */
  index: Map<Sample, [number, number]>;
  timings: Timings[];
  components: Array<Map<string, number> | undefined>;
}

const setup = workerData as WorkerSetup;
if (setup.nice !== undefined) lowerPriority(setup.nice);

/** Sets this thread's nice value; threads and processes it starts later (CAS pool, sandbox runs) inherit it. */
function lowerPriority(nice: number): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop()); // "<pid>/task/<tid>" on Linux
    if (Number.isInteger(tid)) setPriority(tid, nice);
  } catch {} // not Linux, or not allowed: the lane still has threads of its own
}
let current: Current | undefined;

const probe: LeafProbe = {
  start(sample, path, budgetMs) {
    const c = current;
    if (!c) return;
    const at = c.index.get(sample);
    Atomics.store(c.hb, HB.startedAt, Date.now() - c.epoch);
    Atomics.store(c.hb, HB.budgetMs, budgetMs);
    Atomics.store(c.hb, HB.component, (at && c.components[at[1]]?.get(path)) ?? -1);
    Atomics.store(c.hb, HB.sample, at ? at[0] : HB.unknownSample);
    Atomics.add(c.hb, HB.tick, 1); // a leaf starting is a sign of life too (a long chunk may not yield to timers)
  },
  returned() {
    if (current) Atomics.store(current.hb, HB.sample, HB.idle);
  },
  end(sample, path, ms) {
    const at = current?.index.get(sample);
    if (current && at) addTiming(current.timings[at[1]] as Timings, path, ms);
  },
};

// Proof of life: a reward that blocks after an await is invisible to the per-sample heartbeat.
setInterval(() => {
  if (current) Atomics.add(current.hb, HB.tick, 1);
}, 25).unref();

interface Compiled {
  trees: Map<string, CompiledNode>;
  /** Specs whose answers leave out `details` by default. */
  lean: Set<string>;
  components: Map<string, Map<string, number>>;
  runner: Runner;
  backends: Backends | undefined;
}

// No top-level await: piscina loads this file with require() first, which must succeed under tsx.
let compiled: Promise<Compiled> | undefined;

async function compile(): Promise<Compiled> {
  // Workers of a server run from TS sources get no loader hooks for dynamic imports from --import; add them.
  if (setup.fromSource) (await import('tsx/esm/api')).register();
  const registry = createLazyRegistry(await loadExtraDefinitions(setup.extraModules));
  const trees = new Map<string, CompiledNode>();
  const components = new Map<string, Map<string, number>>();
  const lean = new Set<string>();
  for (const spec of setup.specs) {
    const { spec: parsed, root } = await loadSpec(spec.text, spec.file, registry);
    if (parsed.details === false) lean.add(spec.name);
    trees.set(spec.name, instrumentTree(root, probe, setup.timeoutMs ?? undefined));
    components.set(spec.name, new Map(componentPaths(root).map((p, i) => [p, i])));
  }
  const wanted = setup.backends;
  const shared = wanted?.sharedCache
    ? new (await import('../redis-cache.js')).RedisSharedCache(wanted.sharedCache.url, wanted.sharedCache.prefix)
    : undefined;
  const backends =
    wanted &&
    openBackends({ configs: wanted.configs, used: true, env: wanted.env, cachePath: wanted.cachePath, shared });
  const runner = new Runner({
    ...(setup.timeoutMs != null ? { timeoutMs: setup.timeoutMs } : {}),
    concurrency: setup.concurrency,
    ...(backends ? { services: { backends } } : {}),
  });
  return { trees, lean, components, runner, backends };
}

/** The samples of an item sent as body text, as received; undefined for an item sent as samples. */
function receivedOf(item: TaskItem): unknown[] | undefined {
  if (item.raw === undefined) return undefined;
  return (JSON.parse(item.raw) as { samples?: unknown[] }).samples ?? [];
}

/** Validates samples the main thread already found valid (it answers invalid ones itself). */
function validated(received: unknown[]): Sample[] {
  return received.map((value, i) => {
    const parsed = parseSample(value);
    if (!parsed.ok) throw new Error(`samples[${i}] no longer valid in the worker: ${parsed.message}`);
    return parsed.sample;
  });
}

/** The wire results (each sample's id first, as the main thread would add it), serialised, with counts. */
function serialise(received: unknown[], results: RewardResult[], lean: boolean): WireResults {
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const wire = results.map((r, i) => {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.code) codes[r.code] = (codes[r.code] ?? 0) + 1;
    return withId(received[i], r, lean);
  });
  return { json: JSON.stringify(wire), statuses, codes };
}

/** An unread body as read here: refused, readable, or to be given back to the HTTP thread. */
type Read = ReturnType<typeof readScoreBody> | { giveBack: true };

/** An unread body's outcome: its refusal, or every sample's result in body order (invalid ones as read). */
function unreadOutcome(read: Read, scored: RewardResult[], specLean: boolean, traceMax?: number): UnreadOutcome {
  if ('giveBack' in read) return { giveBack: true };
  if (!read.ok) return { refused: read.refused };
  const inBodyOrder = read.received.map((_, i) => read.invalid.get(i) as RewardResult);
  read.validAt.forEach((i, j) => {
    inBodyOrder[i] = scored[j] as RewardResult;
  });
  const traceSamples = traceMax === undefined ? undefined : read.received.map((v) => encodeTraceValue(v, traceMax));
  return {
    wire: serialise(read.received, inBodyOrder, leanAnswer(read.details, specLean)),
    count: read.received.length,
    traceSamples,
  };
}

/** Scores every item of a task; one task at a time per worker, so `current` is this task's state. */
export default async function scoreTask(task: WorkerTask): Promise<ItemResult[]> {
  const { trees, lean, components, runner, backends } = await (compiled ??= compile());
  const hb = new Int32Array(task.heartbeat);
  // Unread bodies are read here, off the HTTP thread; a refused one has nothing to score.
  const reads = task.items.map((item) => {
    if (!item.unread || item.raw === undefined) return undefined;
    const read = readScoreBody(item.raw, item.unread.maxSamples);
    // The HTTP thread routed it by its first "spec" key; a second one, which JSON.parse keeps, is refused.
    if (!read.ok) return read;
    if (read.spec !== item.spec) {
      const message = `the body names spec twice ("${item.spec}", then "${read.spec}")`;
      return { ok: false as const, refused: { code: 'bad-request' as const, message, field: 'spec' } };
    }
    // More samples than the HTTP thread counted (keys spelt with escapes): chunked there, not one long task here.
    const chunk = item.unread.chunkSize;
    return chunk !== undefined && read.valid.length > chunk ? { giveBack: true as const } : read;
  });
  const received = task.items.map((item, k) => {
    const read = reads[k];
    return read ? ('giveBack' in read || !read.ok ? [] : read.received) : receivedOf(item);
  });
  const batches = task.items.map((item, k) => {
    const read = reads[k];
    if (read) return 'giveBack' in read || !read.ok ? [] : read.valid;
    if (item.samples) return item.samples;
    const all = received[k] as unknown[];
    return validated(item.order ? item.order.map((i) => all[i]) : all);
  });
  const index = new Map<Sample, [number, number]>();
  let offset = 0;
  batches.forEach((samples, k) => {
    for (const sample of samples) index.set(sample, [offset++, k]);
  });
  const timings = task.items.map((): Timings => ({}));
  current = { hb, epoch: task.epoch, index, timings, components: task.items.map((i) => components.get(i.spec)) };
  Atomics.add(hb, HB.tick, 1); // started: the pool's stall check applies from now on
  try {
    // Items of a task are other clients' requests: one item's failure stays with its own samples.
    const results = await Promise.all(
      task.items.map(async (item, k) => {
        const samples = batches[k] as Sample[];
        try {
          const tree = trees.get(item.spec);
          if (!tree) throw new Error(`worker has no spec "${item.spec}"`);
          return await runner.score(tree, samples);
        } catch (err) {
          const message = `scoring failed: ${err instanceof Error ? err.message : String(err)}`;
          return samples.map((): RewardResult => ({ status: 'error', code: 'internal', message, components: {} }));
        }
      }),
    );
    const out = results.map((r, k): ItemResult => {
      const sent = received[k];
      const t = timings[k] as Timings;
      const read = reads[k];
      const item = task.items[k] as TaskItem;
      if (read) return { unread: unreadOutcome(read, r, lean.has(item.spec), item.unread?.traceMax), timings: t };
      if (sent === undefined) return { results: r, timings: t };
      const order = item.order;
      let inBodyOrder = r;
      if (order) {
        inBodyOrder = new Array<RewardResult>(r.length);
        order.forEach((i, j) => {
          inBodyOrder[i] = r[j] as RewardResult;
        });
      }
      // Lean answers are never sent as body text (the HTTP thread drops their details itself).
      return { wire: serialise(sent, inBodyOrder, false), timings: t };
    });
    const stats = backends?.stats.drain();
    if (stats && out[0]) out[0].backendStats = stats;
    return out;
  } finally {
    Atomics.store(hb, HB.sample, HB.idle);
    current = undefined;
  }
}
