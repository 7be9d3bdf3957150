import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { referenceStrings, responseText } from '../core/text.js';
import { conflictingResult, type Extraction, extractAnswer, extractorsParam } from './extract.js';
import { lastNumberToken, type NumberOptions, type ParsedNumber, readNumber } from './parse-number.js';

const params = z.object({
  absTol: z.number().min(0).default(1e-6).describe('absolute tolerance'),
  relTol: z.number().min(0).default(1e-9).describe('relative tolerance, times the larger magnitude'),
  percent: z
    .enum(['either', 'fraction', 'number'])
    .default('either')
    .describe('how "10%" reads: fraction = 0.1, number = 10, either = 0.1 or 10'),
  decimalComma: z.boolean().default(false).describe('read "1.234,5" as 1234.5 (comma as decimal mark)'),
  extract: extractorsParam(['boxed', 'answer-tag', 'answer-phrase', 'last-number']),
});
type Params = z.infer<typeof params>;

// Python math.isclose (PEP 485): |a-b| <= max(rel_tol * max(|a|,|b|), abs_tol).
export function isClose(a: number, b: number, relTol: number, absTol: number): boolean {
  return Math.abs(a - b) <= Math.max(relTol * Math.max(Math.abs(a), Math.abs(b)), absTol);
}

/** The values a parsed number may stand for under the percent policy. */
function readings(n: ParsedNumber, policy: Params['percent']): number[] {
  if (!n.percent || policy === 'number') return [n.value];
  if (policy === 'fraction') return [n.value / 100];
  return [n.value, n.value / 100];
}

function findAnswer(text: string, p: Params, options: NumberOptions): Extraction | null {
  for (const rule of p.extract) {
    if (rule !== 'last-number') {
      const found = extractAnswer(text, [rule]);
      if (found) return found;
      continue;
    }
    const value = lastNumberToken(text, options);
    if (value) return { value, rule };
  }
  return null;
}

/** 1 when the extracted answer is numerically equal to a reference within tolerance (separators, %, fractions, currency handled). */
export const numericMatch = defineReward({
  kind: 'numeric-match',
  description: 'Extracted number equals a reference number within absolute/relative tolerance',
  source: 'tolerance test of Python math.isclose (PEP 485)',
  params,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  reference: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()])).min(1)]),
  score(sample, p, reference) {
    const options = { decimalComma: p.decimalComma };
    const refs: number[] = [];
    for (const ref of referenceStrings(reference)) {
      const read = readNumber(ref, options);
      if (!read.ok) return unscorable('unparsable-reference', `reference ${JSON.stringify(ref)} is not one number`);
      refs.push(...readings(read.number, p.percent));
    }
    const found = findAnswer(responseText(sample), p, options);
    if (!found) return scored(0, { reason: 'no-answer' });
    const conflict = conflictingResult(found);
    if (conflict) return conflict;
    const read = readNumber(found.value, options);
    if (!read.ok) return scored(0, { reason: read.reason, extracted: found.value, rule: found.rule });
    const values = readings(read.number, p.percent);
    const matched = refs.findIndex((r) => values.some((v) => isClose(v, r, p.relTol, p.absTol)));
    return scored(matched >= 0 ? 1 : 0, {
      extracted: found.value,
      rule: found.rule,
      value: read.number.value,
      ...(read.number.percent ? { percent: true } : {}),
      matched: matched >= 0 ? refs[matched] : null,
    });
  },
});
