import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { normalizeAnswer } from '../answers.js';
import { citations, finalTurn, type Source, sources } from './trajectory.js';

const rubricRef = z.strictObject({
  rubrics: z
    .array(z.strictObject({ statement: z.string().min(1), entities: z.array(z.string().regex(/^E\d+$/)).min(1) }))
    .min(1),
  // Aliases per entity: the lexical steps need them; the judge steps (as in the paper) do not.
  entities: z.record(z.string().regex(/^E\d+$/), z.array(z.string().min(1)).min(1)).optional(),
});
export type RubricRef = z.infer<typeof rubricRef>;

/** Params both CaRR kinds take (citations read, BFS, verbatim-copy guard, where the rubric data is). */
export const carrParams = {
  maxCitations: z.number().int().min(1).default(20).describe('citations read from the answer (CaRR: 20)'),
  connectivity: z.boolean().default(true).describe('require a BFS path from E0 (false: the "nobfs" ablation)'),
  maxCopied: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('largest share of the answer’s word 8-grams found verbatim in the sources; above it the score is 0'),
  rubricsField: z
    .string()
    .min(1)
    .optional()
    .describe('read {rubrics, entities} from metadata[rubricsField], leaving the reference to an outcome reward'),
};
export interface CarrOptions {
  maxCitations: number;
  connectivity: boolean;
  maxCopied: number;
  rubricsField?: string | undefined;
}

/** What both CaRR kinds score from, once the guards have passed. */
export interface CarrInput {
  ref: RubricRef;
  /** The final assistant turn as written. */
  finalText: string;
  /** The retrieved sources the first `maxCitations` citations point at (at least one). */
  evidence: Source[];
  cited: string[];
}

/**
 * Reads the rubric data and applies the guards every CaRR score passes first, before any judge call: no
 * final answer, no citation matching a retrieved source (citations past `maxCitations` are not read) and a
 * verbatim copy of the sources all score 0. `aliases`: the reference must name every entity's aliases.
 */
export function carrInput(
  sample: Sample,
  p: CarrOptions,
  aliases: boolean,
): { settled: RewardResult } | { input: CarrInput } {
  const where = p.rubricsField ? `metadata.${p.rubricsField}` : 'reference';
  const raw = p.rubricsField ? sample.metadata?.[p.rubricsField] : sample.reference;
  if (raw === undefined || raw === null)
    return { settled: unscorable('no-reference', `carr-rubric needs {rubrics, entities} in ${where}`) };
  const parsed = rubricRef.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      settled: failed('invalid-reference', `carr-rubric: ${where}.${issue?.path.join('.')}: ${issue?.message}`),
    };
  }
  const ref = parsed.data;
  if (aliases) {
    const defined = ref.entities ?? {};
    const missing = [...new Set(ref.rubrics.flatMap((r) => r.entities))].filter((e) => !defined[e]);
    if (missing.length > 0 || !defined.E0)
      return {
        settled: unscorable('unparsable-reference', `carr-rubric: reference.entities lacks ${[...missing, 'E0'][0]}`),
      };
  }
  const finalText = finalTurn(sample);
  const answer = normalizeAnswer(finalText);
  if (answer === '') return { settled: scored(0, { reason: 'no final answer' }) };
  const pool = sources(sample);
  const cited = citations(finalText).slice(0, p.maxCitations);
  const evidence = pool.filter((s) => s.ids.some((id) => cited.includes(id)));
  if (evidence.length === 0) return { settled: scored(0, { reason: 'no citation matches a retrieved source', cited }) };
  const copied = copiedShare(answer, normalizeAnswer(pool.map((s) => s.text).join('\n')));
  if (copied > p.maxCopied) return { settled: scored(0, { reason: 'the answer copies the sources verbatim', copied }) };
  return { input: { ref, finalText, evidence, cited } };
}

/** `R_rubric` (CaRR): supported rubrics reachable from E0 (or all supported ones under "nobfs") over all rubrics. */
export function rubricScore(ref: RubricRef, supported: readonly boolean[], connectivity: boolean) {
  const counted = connectivity
    ? reachableRubrics(ref.rubrics, supported)
    : new Set(supported.flatMap((s, i) => (s ? [i] : [])));
  return { score: counted.size / ref.rubrics.length, connected: [...counted].sort((a, b) => a - b) };
}

/**
 * CaRR evidence connectivity (Zhang et al. 2601.06021; THUDM/CaRR): BFS from E0 (the answer) over supported
 * rubrics linked by shared entities; returns the indices of the supported rubrics reachable from E0.
 */
export function reachableRubrics(
  rubrics: ReadonlyArray<{ entities: readonly string[] }>,
  supported: readonly boolean[],
) {
  const reached = new Set(['E0']);
  const taken = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    rubrics.forEach((r, i) => {
      if (taken.has(i) || !supported[i] || !r.entities.some((e) => reached.has(e))) return;
      taken.add(i);
      for (const e of r.entities) reached.add(e);
      grew = true;
    });
  }
  return taken;
}

const mentions = (text: string, aliases: readonly string[]) => aliases.some((a) => text.includes(normalizeAnswer(a)));

/**
 * CaRR citation-aware rubric reward: R = #(rubrics supported by cited evidence and connected to E0) / #rubrics.
 * The paper's two LLM-judge steps (entity identification, rubric support) are done here lexically — an entity
 * is identified when the final turn names one of its aliases, a rubric is supported when every entity in it is
 * named in the cited tool results along with the statement's content words (reconstruction; the judge-based
 * steps are `carr-rubric-judge`). Citations not found in the trajectory's tool results count for nothing, and
 * only the first `maxCitations` are read. Pair with an outcome reward in `c-grpo`.
 * Example: `{kind: carr-rubric}` with reference `{rubrics, entities}`.
 */
export const carrRubric = defineReward<CarrOptions, unknown>({
  kind: 'carr-rubric',
  description: 'CaRR rubric reward: share of rubrics with identified entities, cited support and a path to the answer',
  source: 'CaRR / C-GRPO, Zhang et al. arXiv 2601.06021 (THUDM/CaRR deepsearch_rm_with_rubrics)',
  params: z.strictObject(carrParams),
  // The rubric data may live in metadata (rubricsField), so the reference is checked here, not by the runner.
  capabilities: { ...RULE, bounds: [0, 1] },
  score(sample, p) {
    const got = carrInput(sample, p, true);
    if ('settled' in got) return got.settled;
    const { ref, finalText, evidence } = got.input;
    const entities = ref.entities ?? {};
    const answer = normalizeAnswer(finalText);
    const identified = Object.fromEntries(
      Object.entries(entities).map(([e, aliases]) => [e, mentions(answer, aliases)]),
    );
    const text = normalizeAnswer(evidence.map((s) => s.text).join('\n'));
    const supported = ref.rubrics.map(
      (r) =>
        r.entities.every((e) => identified[e]) &&
        r.entities.every((e) => mentions(text, entities[e] ?? [])) &&
        contentWords(r.statement).every((w) => text.includes(w)),
    );
    const { score, connected } = rubricScore(ref, supported, p.connectivity);
    return scored(score, { identified, supported, connected, citedSources: evidence.length });
  },
});

/** Share of the answer's word 8-grams that occur verbatim in the sources (0 for answers under 8 words). */
export function copiedShare(answer: string, sourceText: string): number {
  const words = answer.split(' ');
  if (words.length < 8) return 0;
  let hits = 0;
  for (let i = 0; i + 8 <= words.length; i++) if (sourceText.includes(words.slice(i, i + 8).join(' '))) hits++;
  return hits / (words.length - 7);
}

/** The words of a rubric statement that evidence must repeat: 4+ letters, entity placeholders removed. */
const contentWords = (statement: string) =>
  normalizeAnswer(statement.replace(/\bE\d+\b/g, ' '))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4);
