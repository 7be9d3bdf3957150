// A scripted reward model on loopback for the bench tests: the score of a response is its "[q=N]" marker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type RunBenchOptions, runBench } from '../../src/bench-suites/run/run-bench.js';
import { createRegistry } from '../../src/catalog.js';
import { specRunner } from '../../src/cli/spec-runner.js';
import { defineReward, RULE } from '../../src/core/define.js';
import { scored } from '../../src/core/outcome.js';
import { Runner } from '../../src/core/runner.js';
import { parseSpec } from '../../src/core/spec.js';
import { ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** The marker's value; "[q=fail]" answers 500, so that response cannot be scored. */
export function markerReply(req: SeenRequest) {
  if (req.path !== '/pooling') return undefined;
  const messages = req.body?.messages as Array<{ content: string }> | undefined;
  const text = messages?.[messages.length - 1]?.content ?? '';
  if (text.includes('[q=fail]')) return { status: 500, body: { error: 'scripted failure' } };
  const q = Number(/\[q=(-?[\d.]+)\]/.exec(text)?.[1] ?? 0);
  // backend model "inverse" ranks everything the other way round (a second reward model to compare with)
  return {
    body: { object: 'list', data: [{ index: 0, object: 'pooling', data: [req.body.model === 'inverse' ? -q : q] }] },
  };
}

export async function startRm(): Promise<ScriptedServer> {
  const server = new ScriptedServer();
  await server.start();
  server.script(markerReply);
  return server;
}

/** A reward-model spec against the scripted server. */
export function rmSpec(dir: string, server: ScriptedServer, model = 'marker'): string {
  const file = join(dir, `rm-${model}.yaml`);
  writeFileSync(
    file,
    `backends:\n  rm: {api: vllm-pooling, baseUrl: "${server.url}", model: ${model}, retries: 0}\nreward:\n  kind: reward-model\n`,
  );
  return file;
}

type Rest = Omit<RunBenchOptions, 'runner' | 'root' | 'spec' | 'digest'>;

/** runBench with a spec file's Runner (no backend cache unless `cache` names one). */
export async function benchWithSpec(spec: string, o: Rest & { cache?: string }) {
  const setup = await specRunner({ spec, concurrency: 8, cache: o.cache ?? false }, {});
  try {
    return await runBench({
      bootstrap: { resamples: 200 },
      ...o,
      runner: setup.runner,
      root: setup.root,
      spec,
      digest: spec,
    });
  } finally {
    setup.close();
  }
}

/** A test PRM: each step's score is the "[q=x]" marker in it (steps are the response split on the separator). */
const stepMarkers = defineReward({
  kind: 'test-step-markers',
  description: 'per-step scores from [q=x] markers (tests only)',
  params: z.object({}),
  capabilities: { ...RULE, stepLevel: true },
  score(sample) {
    const steps = String(sample.response)
      .split('\n\n')
      .map((s) => Number(/\[q=([\d.]+)\]/.exec(s)?.[1] ?? 0));
    return scored(Math.min(...steps), undefined, steps);
  },
});

export async function benchWithStepMarkers(o: Rest) {
  const { root } = parseSpec('reward: {kind: test-step-markers}', 'markers.yaml', createRegistry([stepMarkers]));
  return runBench({
    bootstrap: { resamples: 200 },
    ...o,
    runner: new Runner(),
    root,
    spec: 'markers.yaml',
    digest: 'markers',
  });
}
