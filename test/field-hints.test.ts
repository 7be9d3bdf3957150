// A misspelled sample field (`answer` for `reference`) says which fields the sample has and how to remap them.
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { scoreJsonl } from '../src/cli/jsonl-scorer.js';
import { Runner } from '../src/core/runner.js';
import { parseSample } from '../src/core/sample-schema.js';
import { parseSpec } from '../src/core/spec.js';

const root = parseSpec('reward: {kind: exact-match}', 'x.yaml', createRegistry()).root;

describe('reference field hints', () => {
  it('names the fields of a sample without a reference and the one it probably meant', async () => {
    const parsed = parseSample({ prompt: 'q', response: '4', answer: '4' });
    if (!parsed.ok) throw new Error(parsed.message);
    const [result] = await new Runner().score(root, [parsed.sample]);
    expect(result).toMatchObject({ status: 'unscorable', code: 'no-reference' });
    expect(result?.message).toMatch(/the sample has fields prompt, response, answer: send "answer" as "reference"/);
  });

  it('says nothing extra when the sample has no other field', async () => {
    const parsed = parseSample({ prompt: 'q', response: '4' });
    if (!parsed.ok) throw new Error(parsed.message);
    const [result] = await new Runner().score(root, [parsed.sample]);
    expect(result?.message).toBe('exact-match needs a reference and the sample has none');
  });

  it('suggests the CLI flag in rewardkit score', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    await scoreJsonl(Readable.from(['{"prompt":"q","response":"4","gold":"4"}\n']), sink, {
      runner: new Runner(),
      root,
    });
    expect(out).toMatch(/use --reference-field gold/);
  });
});
