import { Readable, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { DEFAULT_FIELDS, type FieldMap, scoreJsonl } from '../src/cli/jsonl-scorer.js';
import { Runner } from '../src/core/runner.js';
import { compileSpec } from '../src/core/spec.js';
import { testRegistry } from './fixtures.js';

async function run(lines: string[], reward: unknown, batchSize: number, fields?: Partial<FieldMap>) {
  const root = compileSpec({ reward }, testRegistry(), { file: 't' }).root;
  const out: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  await scoreJsonl(Readable.from([lines.join('\n')]), sink, {
    runner: new Runner(),
    root,
    batchSize,
    ...(fields ? { fields } : {}),
  });
  return out
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const line = (group: string | number, response: string) => JSON.stringify({ prompt: 'q', response, group });

it('never splits a run of samples sharing a group across batches', async () => {
  // groups of three with batch size 2: each group must still be normalised as a whole
  const lines = [line('a', 'x'), line('a', 'xx'), line('a', 'xxx'), line(1, 'x'), line('1', 'xxx'), line(1, 'xxxxx')];
  const results = await run(lines, { kind: 'grpo-normalize', reward: { kind: 'test-count' } }, 2);
  expect(results.map((r) => r.status)).toEqual(Array(6).fill('scored'));
  const sum = (rs: Array<{ score: number }>) => rs.reduce((a, r) => a + r.score, 0);
  // GRPO (DeepSeekMath eq. 3 as TRL computes it): (r − mean) / (sample std + 1e-4) per group.
  // Lengths [1, 2, 3] (std 1) and [1, 3, 5] (std 2): split across batches, either would come out otherwise.
  const expected = [-1 / 1.0001, 0, 1 / 1.0001, -2 / 2.0001, 0, 2 / 2.0001];
  for (const [i, r] of results.entries()) expect(r.score).toBeCloseTo(expected[i] as number, 12);
  expect(sum(results)).toBeCloseTo(0, 12);
});

it('reports a group that reappears after it was scored instead of normalising a partial group', async () => {
  const lines = [line('a', 'x'), line('a', 'xx'), line('b', 'x'), line('b', 'xx'), line('a', 'xxx')];
  const results = await run(lines, { kind: 'test-count' }, 2);
  expect(results[4]).toMatchObject({ line: 5, status: 'error', code: 'invalid-sample' });
  expect(results[4].message).toMatch(/group "a" is not contiguous/);
  expect(results.slice(0, 4).every((r) => r.status === 'scored')).toBe(true);
});

it('writes each line as JSON.stringify({ id, line, ...result }) would, for scored and refused samples alike', async () => {
  const root = compileSpec({ reward: { kind: 'test-count' } }, testRegistry(), { file: 't' }).root;
  const results: unknown[] = [];
  const out: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  const lines = [
    JSON.stringify({ id: 'a', prompt: 'q', response: 'xy' }),
    JSON.stringify({ id: 7, prompt: 'q', response: 'x"\u2028' }),
    '{"prompt": "q"}',
    'not json',
    JSON.stringify({ id: { no: 1 }, prompt: 'q', response: '' }),
  ];
  await scoreJsonl(Readable.from([lines.join('\n')]), sink, {
    runner: new Runner(),
    root,
    onResult: (r) => results.push(r),
  });
  const written = out.join('').trimEnd().split('\n');
  const ids = ['a', 7, null, null, null];
  expect(written).toEqual(results.map((r, i) => JSON.stringify({ id: ids[i], line: i + 1, ...(r as object) })));
});

it('keeps every line, in order, for a slow destination, and holds at most about 1 MiB of output for it', async () => {
  const root = compileSpec({ reward: { kind: 'exact-match' } }, testRegistry(), { file: 't' }).root;
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ id: i, prompt: 'q', response: `The answer is ${i % 7}.`, reference: String(i % 5) }),
  );
  const out: string[] = [];
  let held = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) {
      held = Math.max(held, this.writableLength);
      out.push(String(chunk));
      setTimeout(done, 1);
    },
  });
  const count = await scoreJsonl(Readable.from([lines.join('\n')]), sink, { runner: new Runner(), root });
  await new Promise<void>((resolve) => sink.end(resolve));
  const results = out
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(count).toBe(20_000);
  expect(results.map((r) => r.id)).toEqual(lines.map((_, i) => i));
  expect(results.filter((r, i) => r.score !== (i % 7 === i % 5 ? 1 : 0))).toEqual([]);
  // 1 MiB waiting plus the batch that went over it.
  expect(held).toBeLessThan(1024 * 1024 + 256 * 200);
  expect(held).toBeGreaterThan(0);
});

it('scores lines under the default field names as it scores the same lines under other names', async () => {
  // The default names take a line holding only sample fields as it is; other names always copy the fields out.
  const rows: Array<Record<string, unknown>> = [
    { id: 1, prompt: 'q', response: '<answer>Paris</answer>', reference: 'paris' },
    { prompt: 'q', response: 'x', answer: 'x' },
    JSON.parse('{"prompt": "q", "response": "x", "reference": "y", "__proto__": "z"}'),
    { response: 'x', reference: 'x' },
    { prompt: 'q', response: 7, reference: 'x' },
    { prompt: 'q', response: 'ab', reference: 'ab', group: 'g', extra: { deep: [1] } },
    { prompt: [{ role: 'user', content: 'q' }], response: 'b', reference: ['b'], metadata: { k: 1 } },
  ];
  const renamed = Object.fromEntries(Object.keys(DEFAULT_FIELDS).map((k) => [k, `x_${k}`])) as unknown as FieldMap;
  const named = (row: Record<string, unknown>, names: FieldMap) =>
    JSON.stringify(
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k in names ? names[k as keyof FieldMap] : k, v])),
    );
  const plain = await run(
    rows.map((r) => named(r, DEFAULT_FIELDS)),
    { kind: 'exact-match' },
    3,
  );
  const other = await run(
    rows.map((r) => named(r, renamed)),
    { kind: 'exact-match' },
    3,
    renamed,
  );
  // Messages name the field as the input spelled it.
  const strip = (r: { message?: string }) => ({ ...r, message: r.message?.replaceAll('x_', '') });
  expect(other.map(strip)).toEqual(plain.map(strip));
  expect(plain.map((r) => r.status)).toEqual(['scored', 'unscorable', 'scored', 'error', 'error', 'scored', 'scored']);
});
