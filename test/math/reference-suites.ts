// Loads the anchors' own math test cases (../shared/conformance) and scores them with `math` the way
// each case's test calls its grader: match_types picks the extraction rules, precision and
// allow_set_relation_comp map to floatRounding and setRelation.
import { readFileSync } from 'node:fs';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode } from '../../src/core/spec.js';

export interface ReferenceCase {
  line: number;
  gold: string | string[];
  pred: string;
  expected: boolean;
  callExtra?: string;
  source: string;
}

const SHARED = new URL('../../../shared/conformance/', import.meta.url);

export function loadSuite(name: 'math-verify' | 'math-graders'): ReferenceCase[] {
  return readFileSync(new URL(`${name}/cases.jsonl`, SHARED), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      return {
        line: i + 1,
        gold: r.gold as string | string[],
        pred: r.pred as string,
        expected: r.expected as boolean,
        source: (r.source as string | undefined) ?? `${r.file}::${r.test}`,
        ...(typeof r.call_extra === 'string' ? { callExtra: r.call_extra } : {}),
      };
    });
}

const settings = JSON.parse(readFileSync(new URL('fixtures/math-verify-settings.json', import.meta.url), 'utf8')) as {
  lines: Record<string, Record<string, unknown>>;
};

/** The params a case runs with: the profile, then what its own test passes to Math-Verify. */
export function caseParams(c: ReferenceCase, profile: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = { ...profile };
  if (c.callExtra) {
    const latex = c.callExtra.includes("'latex'");
    const expr = c.callExtra.includes("'expr'");
    params.extract = [
      ...(profile.compat === 'math-verify' ? ['minerva'] : []),
      ...(latex ? ['boxed', 'answer-tag', 'final-answer', 'latex'] : ['boxed', 'final-answer']),
      ...(expr ? ['whole', 'last-number'] : []),
    ];
    Object.assign(params, settings.lines[String(c.line)] ?? {});
    if (profile.compat !== 'math-verify') delete params.floatRounding;
  }
  return params;
}

export interface Outcome {
  c: ReferenceCase;
  got: boolean;
  detail: string;
}

/** Scores every case; `got` is true when the reward gave 1. */
export async function scoreSuite(cases: ReferenceCase[], profile: Record<string, unknown>): Promise<Outcome[]> {
  const registry = createRegistry();
  const runner = new Runner();
  const out: Outcome[] = [];
  for (const c of cases) {
    const root = compileNode({ kind: 'math', params: caseParams(c, profile) }, registry, { file: 'reference-suite' });
    const [r] = await runner.score(root, [{ id: String(c.line), prompt: '', response: c.pred, reference: c.gold }]);
    out.push({ c, got: r?.status === 'scored' && r.score === 1, detail: `${r?.status} ${JSON.stringify(r?.details)}` });
  }
  return out;
}
