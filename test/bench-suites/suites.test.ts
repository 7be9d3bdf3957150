// Every suite end to end on its fixture (written by us, in the benchmark's published layout), scored by a real
// reward model over HTTP (a scripted vLLM pooling server); expected numbers are worked out by hand beside each.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedServer } from '../backends/scripted-server.js';
import { benchWithSpec, benchWithStepMarkers, FIXTURES, rmSpec, startRm } from './helpers.js';

let server: ScriptedServer;
let spec: string;
const dir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
let n = 0;
const out = () => join(dir, `run-${++n}`);

beforeAll(async () => {
  server = await startRm();
  spec = rmSpec(dir, server);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (suite: string, data: string) => benchWithSpec(spec, { suite, data: join(FIXTURES, data), out: out() });

describe('suites on their fixtures', () => {
  it('rewardbench: strict >, count-weighted sections, prior sets at weight 1 of 9', async () => {
    const { results: r } = await run('rewardbench', 'rewardbench.jsonl');
    const sections = r.extra.sections as Record<string, number>;
    expect(sections.Chat).toBeCloseTo(0.5, 12); // row 2 is a tie: wrong
    expect(sections['Chat Hard']).toBe(1);
    expect(sections.Safety).toBeCloseTo(0.5, 12);
    expect(sections.Reasoning).toBeCloseTo(984 / (984 + 164), 12); // math-prm 1 (weight 984), hep-python 0 (164)
    expect(r.extra.priorSets).toBe(1);
    expect(r.score).toBeCloseTo((2 * (0.5 + 1 + 0.5 + 984 / 1148) + 1) / 9, 12);
    expect(r.overall).toBeCloseTo(5 / 8, 12);
    expect(r.subsets['alpacaeval-easy']).toMatchObject({ n: 2, score: 0.5, unscored: 0 });
    // length baselines, from the fixture: rows whose chosen is the longer one
    const rows = readFileSync(join(FIXTURES, 'rewardbench.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const longer = rows.filter((x) => x.chosen.length > x.rejected.length).length / rows.length;
    expect(r.baselines?.longer.overall).toBeCloseTo(longer, 12);
    expect(r.baselines?.shorter.overall).toBeCloseTo(
      rows.filter((x) => x.chosen.length < x.rejected.length).length / rows.length,
      12,
    );
    const [lo, hi] = r.interval as [number, number];
    expect(lo).toBeLessThanOrEqual(r.score as number);
    expect(hi).toBeGreaterThanOrEqual(r.score as number);
  });

  it('rewardbench2: 1/k tie credit, the Ties formula, plain mean of subsets', async () => {
    const { results: r } = await run('rewardbench2', 'rewardbench2.jsonl');
    expect(r.subsets.Factuality?.score).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(r.subsets.Focus?.score).toBeCloseTo(1 / 3, 12);
    const ties = 0.3 + 0.3 + 0.01 * Math.tanh(-0.5); // the worked example of paper-methods.md
    expect(r.subsets.Ties?.score).toBeCloseTo(ties, 12);
    expect(r.score).toBeCloseTo((0.5 + 1 / 3 + ties) / 3, 12);
  });

  it('rm-bench: 3×3 matrix per domain, safety-* together, hard/normal/easy', async () => {
    const { results: r } = await run('rm-bench', 'rm-bench.jsonl');
    expect(r.subsets.chat?.score).toBeCloseTo(13 / 18, 12);
    expect(r.subsets.safety?.score).toBeCloseTo(1 / 3, 12);
    expect(r.score).toBeCloseTo((13 / 18 + 1 / 3) / 2, 12);
    const chat = (r.extra.domains as Record<string, { hard: number; normal: number; easy: number }>).chat;
    expect(chat).toMatchObject({ hard: 0.5, easy: 1 });
    expect(chat?.normal).toBeCloseTo(2 / 3, 12);
  });

  it('judgebench: single game for a reward model, a tie is not correct', async () => {
    const { results: r } = await run('judgebench', 'judgebench.jsonl');
    expect(r.score).toBe(0.5);
    expect(r.subsets.knowledge?.score).toBe(0.5);
    expect(r.subsets.coding?.score).toBe(0.5);
  });

  it('rmb: a folder of JSON files; best-of-N needs the best above every loser', async () => {
    const { results: r } = await run('rmb', 'rmb');
    expect(r.extra).toMatchObject({ pairwiseAccuracy: 0.5 });
    expect(r.extra.bonAccuracy).toBeCloseTo(2 / 3, 12);
    expect(r.score).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    expect(r.subsets['BoN_set/Helpfulness/Translate']?.score).toBe(0.5); // a tie with one loser fails bon-b
  });

  it('pairs: conversations or strings; overall and macro accuracy', async () => {
    const { results: r } = await run('pairs', 'pairs.jsonl');
    expect(r.overall).toBeCloseTo(2 / 3, 12);
    expect(r.macro).toBeCloseTo(0.75, 12);
    expect(r.score).toBeCloseTo(2 / 3, 12);
  });

  it('bon: rank@1, a tie at the top splits the credit', async () => {
    const { results: r } = await run('bon', 'bon.jsonl');
    expect(r.score).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
  });

  it('processbench: first step not above 0.5 vs the label; F1 per split, mean F1 (step-input scores)', async () => {
    const stepSpec = join(dir, 'steps.yaml');
    writeFileSync(stepSpec, 'reward: {kind: step-input, params: {field: prm_scores}}\n');
    const { results: r } = await benchWithSpec(stepSpec, {
      suite: 'processbench',
      data: join(FIXTURES, 'processbench.jsonl'),
      out: out(),
    });
    expect(r.subsets.gsm8k?.score).toBeCloseTo(0.5, 12);
    expect(r.subsets.math?.score).toBe(1);
    expect(r.score).toBeCloseTo(0.75, 12);
    expect(r.baselines).toBeNull();
  });

  it('prmbench: the error-free sample from each redundency row, PRMScore with task.py sentinels', async () => {
    const { results: r } = await benchWithStepMarkers({
      suite: 'prmbench',
      data: join(FIXTURES, 'prmbench.jsonl'),
      out: out(),
    });
    // modified samples: TP 2, FP 2, TN 3, FN 0 → F1 2/3, negative F1 0.75
    expect(r.score).toBeCloseTo(0.5 * (2 / 3) + 0.5 * 0.75, 12);
    expect(r.subsets.correct).toMatchObject({ n: 1, score: 0 }); // no error steps: negative F1 is the −1 sentinel
    expect(r.subsets.redundency?.score).toBeCloseTo(0.4, 12);
    expect(r.subsets.counterfactual?.score).toBeCloseTo(0.5 * 0 + 0.5 * (1.5 / 1.75), 12);
    expect(r.rows).toBe(4);
  });
});

describe('batches', () => {
  it('one row per batch, four batches in flight, gives the same numbers and stores every sample once', async () => {
    const whole = await run('rewardbench', 'rewardbench.jsonl');
    const dirB = out();
    const seen: number[] = [];
    const small = await benchWithSpec(spec, {
      suite: 'rewardbench',
      data: join(FIXTURES, 'rewardbench.jsonl'),
      out: dirB,
      batchRows: 1,
      onProgress: (done) => seen.push(done),
    });
    expect(small.results).toEqual(whole.results);
    expect(small.fresh).toBe(16);
    expect(readFileSync(join(dirB, 'scores.jsonl'), 'utf8').trim().split('\n')).toHaveLength(16);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('Parquet input', () => {
  function toParquet(jsonl: string, file: string, types: Record<string, 'INT64' | 'DOUBLE'> = {}, gzip = false) {
    const rows = readFileSync(join(FIXTURES, jsonl), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const names = Object.keys(rows[0]);
    parquetWriteFile({
      filename: file,
      ...(gzip
        ? { codec: 'GZIP' as const, compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) } }
        : {}),
      columnData: names.map((name) => ({
        name,
        data: rows.map((r) => (types[name] === 'INT64' ? BigInt(r[name]) : r[name])),
        ...(types[name] ? { type: types[name] } : {}),
      })),
    });
  }

  it('reads the same rows as JSONL (lists, int64 labels) and gives the same numbers', async () => {
    const rb2 = join(dir, 'rb2.parquet');
    toParquet('rewardbench2.jsonl', rb2, { num_correct: 'INT64', num_incorrect: 'INT64', total_completions: 'INT64' });
    const a = await run('rewardbench2', 'rewardbench2.jsonl');
    const b = await benchWithSpec(spec, { suite: 'rewardbench2', data: rb2, out: out() });
    expect(b.results).toEqual(a.results);
    const pb = join(dir, 'processbench.parquet');
    toParquet('processbench.jsonl', pb, { label: 'INT64' }, true); // gzip-compressed pages
    const stepSpec = join(dir, 'steps-pq.yaml');
    writeFileSync(stepSpec, 'reward: {kind: step-input, params: {field: prm_scores}}\n');
    const { results } = await benchWithSpec(stepSpec, { suite: 'processbench', data: pb, out: out() });
    expect(results.score).toBeCloseTo(0.75, 12);
  });

  it('a file that is not Parquet is an error naming it', async () => {
    const bad = join(dir, 'bad.parquet');
    writeFileSync(bad, 'not parquet at all');
    await expect(benchWithSpec(spec, { suite: 'pairs', data: bad, out: out() })).rejects.toThrow(
      /bad\.parquet: not a readable Parquet file/,
    );
  });
});
