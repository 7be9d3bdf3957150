// The non-finite attack family (issue: `\boxed{\infty}` was a master key): for 10k random golds, no
// infinite, undefined, overflowing or underflowing answer, nor an interval, set or tuple built from
// them, may score 1. Seeded, so a failure reproduces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../../src/catalog.js';
import { mulberry32 } from '../../src/core/prng.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';

const attackFile = z.strictObject({
  description: z.string(),
  values: z.array(z.string().min(1)).min(10),
  structures: z.array(z.string().min(1)).min(5),
});
const family = attackFile.parse(
  JSON.parse(readFileSync(new URL('../../data/math/non-finite-attacks.json', import.meta.url), 'utf8')),
);
/** What an attacker could answer: every value alone and inside structures. */
const ATTACKS = [...family.values, ...family.structures];

function golds(n: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const num = () => {
    const k = int(0, 4);
    if (k === 0) return `${int(-1000, 1000)}`;
    if (k === 1) return `\\frac{${int(1, 99)}}{${int(2, 99)}}`;
    if (k === 2) return `${int(0, 99)}.${int(1, 999)}`;
    if (k === 3) return `${int(1, 9)}\\sqrt{${int(2, 30)}}`;
    return `${int(1, 9)}\\pi`;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = int(0, 7);
    if (k <= 2) out.push(num());
    else if (k === 3) out.push(`(${num()}, ${num()})`);
    else if (k === 4) out.push(`\\{${num()}, ${num()}, ${num()}\\}`);
    else if (k === 5) out.push(rand() < 0.5 ? `[${num()}, ${num()})` : `(${num()}, \\infty)`);
    else if (k === 6) out.push(`x ${rand() < 0.5 ? '>' : '\\le'} ${num()}`);
    else out.push(`${int(1, 9)}x^2 + ${int(1, 9)}x`);
  }
  return out;
}

describe('non-finite attack family', () => {
  it('scores 0 (never 1, never an error) for every attack against 10k random golds', async () => {
    const root = compileNode({ kind: 'math' }, createRegistry(), { file: 'attacks' });
    const rand = mulberry32(7);
    const samples = golds(10_000, 2026).flatMap((gold, g) =>
      // Every gold meets 4 attacks drawn at random; every attack meets ~1,200 golds.
      [0, 1, 2, 3].map((k) => {
        const attack = ATTACKS[Math.floor(rand() * ATTACKS.length)] as string;
        return { id: `${g}.${k}`, prompt: '', response: `So the answer is $\\boxed{${attack}}$.`, reference: gold };
      }),
    );
    const results = await new Runner({ concurrency: 4 }).score(root, samples);
    const bad = results
      .map((r, i) => ({ r, s: samples[i] as (typeof samples)[number] }))
      .filter(({ r }) => r.status !== 'scored' || r.score !== 0)
      .map(({ r, s }) => `${s.reference} <- ${s.response}: ${r.status} ${r.score} ${r.code ?? ''}`);
    expect(bad).toEqual([]);
  }, 300_000);

  it('still accepts the same infinity and finite values equal to the gold', async () => {
    const root = compileNode({ kind: 'math' }, createRegistry(), { file: 'attacks' });
    const pairs: Array<[string, string, number]> = [
      ['\\infty', '\\infty', 1],
      ['-\\infty', '-\\infty', 1],
      ['\\infty', '-\\infty', 0],
      ['(-\\infty, 3)', 'x < 3', 1],
      ['(3, \\infty)', 'x < 3', 0],
      ['120', '5!', 1],
      ['10^{400}', '10^{400}', 1],
      ['10^{400}', '10^{400}+1', 0],
      ['x^2', 'x^2 + 10^{-30}', 0],
      ['\\infty', '10^{10^{10}}', 0],
      ['\\infty', '10^{400}', 0],
      ['\\infty', '\\frac{1}{0}', 0],
      ['-\\infty', '\\ln 0', 0],
    ];
    const results = await new Runner().score(
      root,
      pairs.map(([gold, answer], i) => ({
        id: String(i),
        prompt: '',
        response: `\\boxed{${answer}}`,
        reference: gold,
      })),
    );
    expect(results.map((r) => r.score)).toEqual(pairs.map((p) => p[2]));
  });
});
