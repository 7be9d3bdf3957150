// Rows that do not fit a layout are refused with the file, the row and the field; nothing is scored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows } from '../../src/bench-suites/data/read-rows.js';
import { checkUniqueKeys } from '../../src/bench-suites/run/evaluate.js';
import { DEFAULT_SUITE_OPTIONS } from '../../src/bench-suites/suite.js';
import { SUITES } from '../../src/bench-suites/suites/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-bench-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parse(suite: string, rows: unknown[], name = 'rows.jsonl') {
  const file = join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const items = (SUITES[suite] as NonNullable<(typeof SUITES)[string]>)(DEFAULT_SUITE_OPTIONS).parse(
    await readRows(file),
  );
  checkUniqueKeys(items);
  return { file, items };
}

describe('layout errors name the row and the field', () => {
  it('a Ties row id without ref:/tied:', async () => {
    const row = { id: 'x7', prompt: 'p', chosen: ['a'], rejected: ['b'], num_correct: 1, subset: 'Ties' };
    await expect(parse('rewardbench2', [row])).rejects.toThrow(
      /rows\.jsonl:1: a Ties row id must be "ref:<prompt id>"/,
    );
  });

  it('num_correct that does not match chosen', async () => {
    const row = { id: 'tied:1', prompt: 'p', chosen: ['a', 'b'], rejected: ['c'], num_correct: 3, subset: 'Ties' };
    await expect(parse('rewardbench2', [row])).rejects.toThrow(/num_correct is 3 but chosen holds 2/);
  });

  it('a ProcessBench label past the last step', async () => {
    const row = { id: 'gsm8k-0', problem: 'p', steps: ['a', 'b'], label: 2 };
    await expect(parse('processbench', [row])).rejects.toThrow(/"label" must be −1 or a step index below 2, got 2/);
  });

  it('a PRMBench error step outside the process', async () => {
    const row = {
      idx: 1,
      original_question: 'q',
      modified_question: 'q',
      original_process: ['a'],
      modified_process: ['a', 'b'],
      error_steps: [3],
      classification: 'circular',
    };
    await expect(parse('prmbench', [row])).rejects.toThrow(/error step 3 is outside 1\.\.2/);
  });

  it('an RM-Bench row without three styles, a JudgeBench label that is not A>B or B>A', async () => {
    await expect(
      parse('rm-bench', [{ id: 1, prompt: 'p', chosen: ['a', 'b'], rejected: ['a', 'b', 'c'], domain: 'chat' }]),
    ).rejects.toThrow(/"chosen" needs at least 3 entries/);
    const jb = { pair_id: 'p', question: 'q', response_A: 'a', response_B: 'b', label: 'A=B', source: 'livecodebench' };
    await expect(parse('judgebench', [jb])).rejects.toThrow(/"label" must be "A>B" or "B>A", got "A=B"/);
  });

  it('a repeated row id, a wrong type, a .json file that is not an array', async () => {
    const pair = { id: 1, prompt: 'p', chosen: 'a', rejected: 'b', subset: 's' };
    await expect(parse('rewardbench', [pair, pair])).rejects.toThrow(
      /rows\.jsonl:2: row id "1" repeats .*rows\.jsonl:1/,
    );
    await expect(parse('rewardbench', [{ ...pair, chosen: 3 }])).rejects.toThrow(
      /"chosen" must be a string, got number 3/,
    );
    const json = join(dir, 'one.json');
    writeFileSync(json, '{"conversation_input": []}');
    await expect(readRows(json)).rejects.toThrow(/one\.json: a \.json benchmark file must hold an array of rows/);
  });

  it('fields a layout does not read travel as metadata; a near miss is a typo', async () => {
    const { items } = await parse('pairs', [{ prompt: 'p', chosen: 'a', rejected: 'b', source_dataset: 'mine' }]);
    expect(items[0]?.extra).toEqual({ source_dataset: 'mine' });
    await expect(parse('pairs', [{ prompt: 'p', chosen: 'a', rejectd: 'b' }])).rejects.toThrow(
      /unknown field "rejectd"; did you mean "rejected"\?/,
    );
  });
});
