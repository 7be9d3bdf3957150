// Scores a suite's candidates through the Runner: pointwise (one sample per candidate, the row's candidates
// sharing a group), pairwise (one judge sample per pair), or step-level. Scores already in the store are reused.
import { createHash } from 'node:crypto';
import type { Runner } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import type { RewardResult, Sample } from '../../core/types.js';
import type { BenchItem, CandidateScore, Mode, Suite } from '../suite.js';
import type { ScoreStore, StoredResult } from './store.js';

export interface ScoreItemsOptions {
  runner: Runner;
  root: CompiledNode;
  suite: Suite;
  items: readonly BenchItem[];
  mode: Mode;
  store: ScoreStore;
  /** Identifies the reward (spec text and backends); part of every store key. */
  digest: string;
  /** Rows per Runner batch (default 32, four batches in flight); each is written to the store as it finishes. */
  batchRows?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ScoredItems {
  /** Per row key: one score per candidate, or null when one could not be scored. */
  scores: Map<string, CandidateScore[] | null>;
  /** Per row key: why it could not be scored. */
  problems: Map<string, string>;
  /** Samples scored now, and samples taken from the store. */
  fresh: number;
  reused: number;
}

/** Batches scored at once. */
const IN_FLIGHT = 4;

interface Job {
  item: BenchItem;
  samples: Sample[];
  keys: string[];
}

function samplesOf(item: BenchItem, mode: Mode): Sample[] {
  const metadata = Object.keys(item.extra).length ? { metadata: item.extra } : {};
  if (mode === 'pairwise') {
    if (item.candidates.length !== 2)
      throw new Error(
        `${item.where}: pairwise mode judges pairs, and this row has ${item.candidates.length} responses`,
      );
    return [
      {
        id: item.key,
        prompt: item.prompt,
        response: item.candidates[0] as string,
        reference: item.candidates[1],
        ...metadata,
      },
    ];
  }
  return item.candidates.map((response, j) => ({
    id: item.candidates.length > 1 ? `${item.key}#${j}` : item.key,
    prompt: item.prompt,
    response,
    group: item.key,
    ...metadata,
  }));
}

function keyOf(digest: string, mode: Mode, sample: Sample, siblings: readonly Sample[] | null): string {
  const content = [digest, mode, sample.prompt, sample.response, sample.reference ?? null, sample.metadata ?? null];
  // A group-level reward scores a response against its siblings: they are part of what was scored.
  if (siblings) content.push(siblings.map((s) => s.response));
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}

function stored(r: RewardResult): StoredResult {
  const out: StoredResult = { status: r.status };
  if (r.score !== undefined) out.score = r.score;
  if (r.steps !== undefined) out.steps = r.steps;
  if (r.code !== undefined) out.code = r.code;
  if (r.message !== undefined) out.message = r.message;
  return out;
}

/** The row's candidate scores from its samples' results, or the reason it has none. */
function rowScores(item: BenchItem, suite: Suite, mode: Mode, results: StoredResult[]): CandidateScore[] | string {
  const bad = results.find((r) => r.status !== 'scored' || typeof r.score !== 'number');
  if (bad) return `${bad.status}${bad.code ? ` ${bad.code}` : ''}: ${bad.message ?? 'no score'}`;
  if (mode === 'pairwise') {
    const s = results[0]?.score as number;
    return [{ score: s }, { score: 1 - s }];
  }
  if (suite.stepLevel) {
    const steps = results[0]?.steps;
    const want = item.steps?.length ?? 0;
    if (!steps)
      return 'the reward gave no per-step scores (use a step-level reward, e.g. implicit-prm-model or step-input)';
    if (steps.length !== want) return `the reward gave ${steps.length} step scores for ${want} steps`;
    return [{ score: results[0]?.score as number, steps }];
  }
  return results.map((r) => ({ score: r.score as number }));
}

/** Scores every row's candidates, reusing the store, writing new scores to it batch by batch. */
export async function scoreItems(o: ScoreItemsOptions): Promise<ScoredItems> {
  const groupLevel = o.root.def.capabilities.groupLevel;
  const jobs: Job[] = o.items.map((item) => {
    const samples = samplesOf(item, o.mode);
    return { item, samples, keys: samples.map((s) => keyOf(o.digest, o.mode, s, groupLevel ? samples : null)) };
  });
  const out: ScoredItems = { scores: new Map(), problems: new Map(), fresh: 0, reused: 0 };
  const batch = o.batchRows ?? 32;
  const chunks: Job[][] = [];
  for (let i = 0; i < jobs.length; i += batch) chunks.push(jobs.slice(i, i + batch));
  let done = 0;
  o.onProgress?.(0, jobs.length);
  const scoreChunk = async (chunk: Job[]) => {
    const pending: Array<{ key: string; sample: Sample }> = [];
    const seen = new Set<string>();
    for (const job of chunk)
      job.samples.forEach((sample, j) => {
        const key = job.keys[j] as string;
        if (o.store.get(key) || seen.has(key)) return;
        seen.add(key);
        pending.push({ key, sample });
      });
    const fresh = new Map<string, StoredResult>();
    if (pending.length > 0) {
      const results = await o.runner.score(
        o.root,
        pending.map((p) => p.sample),
      );
      for (const [i, r] of results.entries()) fresh.set(pending[i]?.key as string, stored(r));
      // Errors (a backend down, a timeout) are not kept: the next run tries them again.
      o.store.putAll([...fresh].filter(([, r]) => r.status !== 'error'));
    }
    out.fresh += pending.length;
    for (const job of chunk) {
      out.reused += job.keys.filter((k) => !fresh.has(k)).length;
      const results = job.keys.map((k) => fresh.get(k) ?? (o.store.get(k) as StoredResult));
      const scores = rowScores(job.item, o.suite, o.mode, results);
      if (typeof scores === 'string') {
        out.scores.set(job.item.key, null);
        out.problems.set(job.item.key, scores);
      } else out.scores.set(job.item.key, scores);
    }
    done += chunk.length;
    o.onProgress?.(done, jobs.length);
  };
  // A few batches in flight, so one slow batch does not leave the backend idle (the Runner bounds concurrency).
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) await scoreChunk(chunks[next++] as Job[]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, chunks.length) }, lane));
  return out;
}
