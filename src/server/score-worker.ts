// Worker thread: compiles the server's specs once, then scores chunks. A heartbeat in shared memory
// says which sample a synchronous reward is busy with, so the pool can stop a stuck one.
import { workerData } from 'node:worker_threads';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { type CompiledNode, parseSpec } from '../core/spec.js';
import type { Sample } from '../core/types.js';
import { loadExtraDefinitions } from './extra-kinds.js';
import { instrumentTree, type LeafProbe } from './instrument.js';
import { addTiming, type Timings } from './scorer.js';
import { componentPaths } from './spec-set.js';
import { type ChunkResult, type ChunkTask, HB, type WorkerSetup } from './worker-protocol.js';

interface Current {
  hb: Int32Array;
  epoch: number;
  index: Map<Sample, number>;
  timings: Timings;
  components: Map<string, number> | undefined;
}

const setup = workerData as WorkerSetup;
let current: Current | undefined;

const probe: LeafProbe = {
  start(sample, path, budgetMs) {
    const c = current;
    if (!c) return;
    Atomics.store(c.hb, HB.startedAt, Date.now() - c.epoch);
    Atomics.store(c.hb, HB.budgetMs, budgetMs);
    Atomics.store(c.hb, HB.component, c.components?.get(path) ?? -1);
    Atomics.store(c.hb, HB.sample, c.index.get(sample) ?? HB.unknownSample);
  },
  returned() {
    if (current) Atomics.store(current.hb, HB.sample, HB.idle);
  },
  end(_sample, path, ms) {
    if (current) addTiming(current.timings, path, ms);
  },
};

interface Compiled {
  trees: Map<string, CompiledNode>;
  components: Map<string, Map<string, number>>;
  runner: Runner;
}

// No top-level await: piscina loads this file with require() first, which must succeed under tsx.
let compiled: Promise<Compiled> | undefined;

async function compile(): Promise<Compiled> {
  // Workers of a server run from TS sources get no loader hooks for dynamic imports from --import; add them.
  if (setup.fromSource) (await import('tsx/esm/api')).register();
  const registry = createRegistry(await loadExtraDefinitions(setup.extraModules));
  const trees = new Map<string, CompiledNode>();
  const components = new Map<string, Map<string, number>>();
  for (const spec of setup.specs) {
    const { root } = parseSpec(spec.text, spec.file, registry);
    trees.set(spec.name, instrumentTree(root, probe, setup.timeoutMs ?? undefined));
    components.set(spec.name, new Map(componentPaths(root).map((p, i) => [p, i])));
  }
  const runner = new Runner({
    ...(setup.timeoutMs != null ? { timeoutMs: setup.timeoutMs } : {}),
    concurrency: setup.concurrency,
  });
  return { trees, components, runner };
}

/** Scores one chunk; one task at a time per worker, so `current` is this task's state. */
export default async function scoreChunk(task: ChunkTask): Promise<ChunkResult> {
  const { trees, components, runner } = await (compiled ??= compile());
  const tree = trees.get(task.spec);
  if (!tree) throw new Error(`worker has no spec "${task.spec}"`);
  const timings: Timings = {};
  const hb = new Int32Array(task.heartbeat);
  const index = new Map(task.samples.map((s, i) => [s, i]));
  current = { hb, epoch: task.epoch, index, timings, components: components.get(task.spec) };
  try {
    const results = await runner.score(tree, task.samples);
    return { results, timings };
  } finally {
    Atomics.store(hb, HB.sample, HB.idle);
    current = undefined;
  }
}
