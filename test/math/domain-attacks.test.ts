// The domain attack family: functions defined on part of the real line only (arcsin, arccos, arcsec,
// sqrt, ln, ...). The fixed sample points fall outside their domain, and `\arcsin(5x)` once scored 1
// for the gold `\arcsin(x)` from an unconfirmed symbolic check. Every scaled, shifted or offset
// variant of a gold must score 0; the listed true equivalences must still score 1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';

const pair = z.tuple([z.string().min(1), z.string().min(1)]);
const family = z
  .strictObject({
    description: z.string(),
    functions: z.array(z.string().includes('#')).min(10),
    scales: z.array(z.string().min(1)).min(5),
    shifts: z.array(z.string().min(1)).min(5),
    outer: z.array(z.string().includes('#')).min(2),
    emptyDomain: z.array(pair).min(5),
    equivalent: z.array(pair).min(10),
  })
  .parse(JSON.parse(readFileSync(new URL('../../data/math/domain-attacks.json', import.meta.url), 'utf8')));

const at = (template: string, arg: string) => template.replaceAll('#', arg);
const shifted = (c: string) => (c.startsWith('-') ? `x${c}` : `x+${c}`);

/** [gold, answer] pairs that are different functions. */
function attacks(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const f of family.functions) {
    const gold = at(f, 'x');
    for (const k of family.scales) {
      out.push([gold, at(f, `${k}x`)], [at(f, `${k}x`), gold]);
    }
    for (const c of family.shifts) out.push([gold, at(f, shifted(c))]);
    for (const g of family.outer) out.push([gold, at(g, gold)]);
  }
  return [...out, ...family.emptyDomain];
}

async function score(pairs: Array<[string, string]>) {
  const root = compileNode({ kind: 'math' }, createRegistry(), { file: 'domain-attacks' });
  const samples = pairs.map(([gold, answer], i) => ({
    id: String(i),
    prompt: '',
    response: `So the answer is $\\boxed{${answer}}$.`,
    reference: gold,
  }));
  const results = await new Runner({ concurrency: 4 }).score(root, samples);
  return results.map((r, i) => ({ r, pair: pairs[i] as [string, string] }));
}

describe('domain attack family', () => {
  it('scores 0 (never 1, never an error) for f(kx), f(x+c) and offsets against a gold f(x)', async () => {
    const out = await score(attacks());
    const bad = out
      .filter(({ r }) => r.status !== 'scored' || r.score !== 0)
      .map(({ r, pair }) => `${pair[0]} <- ${pair[1]}: ${r.status} ${r.score} ${JSON.stringify(r.details?.decidedBy)}`);
    expect(bad).toEqual([]);
  }, 300_000);

  it('still scores 1 for true equivalences of domain-restricted functions', async () => {
    const out = await score(family.equivalent);
    const missed = out
      .filter(({ r }) => r.status !== 'scored' || r.score !== 1)
      .map(({ r, pair }) => `${pair[0]} vs ${pair[1]}: ${r.status} ${r.score} ${JSON.stringify(r.details?.decidedBy)}`);
    expect(missed).toEqual([]);
  }, 120_000);
});
