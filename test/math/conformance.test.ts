// The math conformance suite (data/math/*.jsonl), scored through the Runner and through the CLI.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';

const caseSchema = z.strictObject({
  id: z.string().regex(/^m\d{3}$/),
  gold: z.string(),
  response: z.string(),
  expected: z.union([z.literal(0), z.literal(1)]),
  category: z.string().min(1),
  note: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
type Case = z.infer<typeof caseSchema>;

function load(file: string): Case[] {
  return readFileSync(new URL(`../../data/math/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = caseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const main = load('conformance.jsonl');
const policies = load('conformance-policies.jsonl');
const registry = createRegistry();

async function scoreCases(cases: Case[]): Promise<Array<{ c: Case; score: number | undefined; status: string }>> {
  const byParams = new Map<string, Case[]>();
  for (const c of cases) {
    const key = JSON.stringify(c.params ?? {});
    byParams.set(key, [...(byParams.get(key) ?? []), c]);
  }
  const out: Array<{ c: Case; score: number | undefined; status: string }> = [];
  for (const [key, group] of byParams) {
    const root = compileNode({ kind: 'math', params: JSON.parse(key) }, registry, { file: 'conformance' });
    const results = await new Runner().score(
      root,
      group.map((c) => ({ id: c.id, prompt: c.id, response: c.response, reference: c.gold })),
    );
    group.forEach((c, i) => {
      out.push({ c, score: results[i]?.score, status: results[i]?.status ?? 'missing' });
    });
  }
  return out;
}

describe('math conformance suite', () => {
  it('is well formed: >= 300 cases, unique ids, at least a third must-reject, default params only', () => {
    const all = [...main, ...policies];
    expect(main.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(main.filter((c) => c.expected === 0).length).toBeGreaterThanOrEqual(main.length / 3);
    expect(main.every((c) => c.params === undefined)).toBe(true);
    expect(policies.every((c) => c.params !== undefined)).toBe(true);
  });

  it('meets every expected label through the Runner', async () => {
    const results = await scoreCases([...main, ...policies]);
    const wrong = results.filter((r) => r.status !== 'scored' || r.score !== r.c.expected);
    expect(wrong.map((r) => `${r.c.id} ${r.c.category}: got ${r.status} ${r.score}`)).toEqual([]);
  });

  it('meets every expected label through `rewardkit score --reward math`', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'score',
        '--reward',
        'math',
        '--in',
        'data/math/conformance.jsonl',
        '--reference-field',
        'gold',
        '--prompt-field',
        'id',
        '--quiet',
      ],
      { cwd: new URL('../..', import.meta.url), maxBuffer: 64 * 1024 * 1024 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; score?: number });
    const expected = new Map(main.map((c) => [c.id, c.expected]));
    expect(lines).toHaveLength(main.length);
    expect(lines.filter((l) => l.score !== expected.get(l.id)).map((l) => l.id)).toEqual([]);
  });
});
