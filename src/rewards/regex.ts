import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { referenceStrings, responseText } from '../core/text.js';
import { conflictingResult, extractAnswer, extractorsParam } from './extract.js';
import { normalizeAnswer } from './normalize.js';
import { compileRegex, regexFlagsParam, regexProblem } from './safe-regex.js';

const params = z
  .object({
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('RE2 pattern; when absent, the sample reference is the pattern (match/fullmatch modes)'),
    flags: regexFlagsParam,
    mode: z
      .enum(['match', 'fullmatch', 'capture'])
      .default('match')
      .describe('match: found anywhere; fullmatch: the whole text; capture: a group equals the reference'),
    group: z
      .union([z.number().int().min(0), z.string().min(1)])
      .default(1)
      .describe('capture mode: group number or name (a pattern without groups uses the whole match)'),
    occurrence: z.enum(['first', 'last']).default('last').describe('capture mode: which match to read'),
    compare: z
      .enum(['exact', 'normalized'])
      .default('exact')
      .describe('capture mode: exact = equal after trimming; normalized = SQuAD normalisation'),
    extract: extractorsParam(['whole']),
  })
  .superRefine((p, ctx) => {
    if (p.pattern !== undefined) {
      const problem = regexProblem(p.pattern, p.flags);
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    } else if (p.mode === 'capture') {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'capture mode needs params.pattern' });
    }
  });
type Params = z.infer<typeof params>;

const SQUAD = { lowercase: true, stripPunctuation: true, stripArticles: true, collapseWhitespace: true };

/** The text of the chosen group in the first or last match, or null when nothing matches. */
function capture(pattern: string, p: Params, text: string): string | null {
  const re = compileRegex(pattern, p.flags);
  const group = re.groupCount() === 0 && p.group === 1 ? 0 : p.group;
  if (typeof group === 'number' && group > re.groupCount()) return null;
  if (typeof group === 'string' && !Object.hasOwn(re.namedGroups(), group)) return null;
  const m = re.matcher(text);
  let value: string | null = null;
  while (m.find()) {
    value = m.group(group) ?? value;
    if (p.occurrence === 'first' && value !== null) break;
  }
  return value;
}

/** 1 when an RE2 pattern (from params or the reference) matches the response; or a captured group equals the reference. */
export const regex = defineReward({
  kind: 'regex',
  description: 'RE2 regex (linear time) matches the response, fully matches it, or captures the reference',
  source: 'RE2 syntax (github.com/google/re2/wiki/Syntax) via re2js',
  params,
  capabilities: { ...RULE, bounds: [0, 1] },
  reference: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
  score(sample, p, reference) {
    const found = extractAnswer(responseText(sample), p.extract);
    const conflict = found && conflictingResult(found);
    if (conflict) return conflict;
    if (p.mode === 'capture') {
      const refs = referenceStrings(reference);
      if (refs.length === 0) return unscorable('no-reference', 'capture mode compares with the sample reference');
      if (!found) return scored(0, { reason: 'no-answer' });
      const got = capture(p.pattern as string, p, found.value);
      if (got === null) return scored(0, { reason: 'no-match', rule: found.rule });
      const norm = (s: string) => (p.compare === 'exact' ? s.trim() : normalizeAnswer(s, SQUAD));
      const matched = refs.map(norm).indexOf(norm(got));
      return scored(matched >= 0 ? 1 : 0, { rule: found.rule, captured: got, matched });
    }
    const patterns = p.pattern !== undefined ? [p.pattern] : referenceStrings(reference);
    if (patterns.length === 0) return unscorable('no-reference', 'regex needs params.pattern or a sample reference');
    for (const pattern of patterns) {
      const problem = regexProblem(pattern, p.flags);
      if (problem) return failed('invalid-reference', `reference pattern ${JSON.stringify(pattern)}: ${problem}`);
    }
    if (!found) return scored(0, { reason: 'no-answer' });
    const matched = patterns.findIndex((pattern) => {
      const re = compileRegex(pattern, p.flags);
      return p.mode === 'fullmatch' ? re.testExact(found.value) : re.test(found.value);
    });
    return scored(matched >= 0 ? 1 : 0, { rule: found.rule, matched });
  },
});
