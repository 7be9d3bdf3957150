import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import type { Sample } from '../../core/types.js';
import {
  askJudge,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  screened,
  settle,
  type VerdictSchema,
} from '../../judges/engine/call.js';
import { untrusted } from '../../judges/engine/harden.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { readJsonObject } from '../../judges/parse/json-repair.js';
import type { Read } from '../../judges/parse/verdicts.js';
import { type CarrInput, carrInput, carrParams, rubricScore } from '../retrieval/carr.js';
import { agentTemplateParam, resolveAgentTemplate } from './templates.js';

const PLACEHOLDER = /<?\b(E\d+)\b>?/g;
const entityIds = (ref: CarrInput['ref']) =>
  [...new Set(ref.rubrics.flatMap((r) => r.entities))].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

/**
 * Reads `{E0: "…" | null, …}` with exactly the entity keys (CaRR's check). "null"/"none"/"" and values longer
 * than `maxChars` read as null: an over-long "entity" is a dump or a hedge, never a name.
 */
export function readEntities(ids: readonly string[], maxChars: number) {
  return (text: string): Read<Record<string, string | null>> => {
    const json = readJsonObject(text);
    if (!json) return { ok: false };
    const keys = Object.keys(json);
    const wrong = keys.find((k) => !ids.includes(k)) ?? ids.find((k) => !keys.includes(k));
    if (wrong) return { ok: false, invalid: `entity keys must be exactly ${ids.join(', ')} (not "${wrong}")` };
    const out: Record<string, string | null> = {};
    for (const id of ids) {
      const v = json[id];
      if (v !== null && typeof v !== 'string') return { ok: false, invalid: `${id} is ${JSON.stringify(v)}` };
      const name = typeof v === 'string' ? v.trim() : '';
      out[id] = name === '' || /^(null|none|unknown)$/i.test(name) || name.length > maxChars ? null : name;
    }
    return { ok: true, value: out };
  };
}

/** Reads `{S1: true, …}` with exactly the statement labels (CaRR's check). */
export function readSupport(labels: readonly string[]) {
  return (text: string): Read<boolean[]> => {
    const json = readJsonObject(text);
    if (!json) return { ok: false };
    const keys = Object.keys(json);
    const wrong = keys.find((k) => !labels.includes(k)) ?? labels.find((k) => !keys.includes(k));
    if (wrong) return { ok: false, invalid: `statement keys must be exactly ${labels.join(', ')} (not "${wrong}")` };
    const bad = labels.find((l) => typeof json[l] !== 'boolean');
    if (bad) return { ok: false, invalid: `${bad} is ${JSON.stringify(json[bad])}, not true or false` };
    return { ok: true, value: labels.map((l) => json[l] === true) };
  };
}

const objectSchema = (name: string, keys: readonly string[], type: unknown): VerdictSchema => ({
  name,
  schema: {
    type: 'object',
    properties: Object.fromEntries(keys.map((k) => [k, type])),
    required: [...keys],
    additionalProperties: false,
  },
});

/** The cited sources as the support judge reads them, each under its id, cut at `maxChars` in all. */
function evidenceText(input: CarrInput, maxChars: number): string {
  const text = input.evidence.map((s, i) => `[source ${i + 1}: ${s.ids[0] ?? ''}]\n${s.text}`).join('\n\n');
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n[… cut]` : text;
}

/**
 * CaRR rubric reward with the paper's two judge steps (Zhang et al. arXiv 2601.06021, THUDM/CaRR): (1) one
 * judge call names the answer's value for every entity placeholder (null when not stated); a rubric with an
 * unnamed entity is unsupported; (2) the rubrics, filled with those values, go to one judge call with the
 * cited sources, which marks each supported or not; (3) BFS from E0 over supported rubrics.
 * R = #(supported ∧ reachable) / #rubrics. The guards of `carr-rubric` run first, with no call: no cited
 * source, or an answer copying the sources verbatim, scores 0. Entity aliases in the reference are not used.
 * Example: `{kind: carr-rubric-judge, params: {backend: judge}}` with reference `{rubrics}`.
 */
export const carrRubricJudge = defineReward({
  kind: 'carr-rubric-judge',
  description: 'CaRR rubric reward with LLM-judge entity identification and citation support (the paper’s steps)',
  source: 'CaRR / C-GRPO, Zhang et al. arXiv 2601.06021 (THUDM/CaRR deepsearch_rm_with_rubrics) — templates ours',
  params: z.strictObject({
    ...carrParams,
    ...judgeParams,
    identifyTemplate: agentTemplateParam('carr-identify'),
    supportTemplate: agentTemplateParam('carr-support'),
    structured: z.boolean().default(true).describe('ask for JSON by schema (response_format)'),
    maxEntityChars: z
      .number()
      .int()
      .min(1)
      .default(120)
      .describe('a named entity longer than this counts as not identified'),
    maxEvidenceChars: z.number().int().min(1000).default(60_000).describe('cited source text shown to the judge'),
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample: Sample, p, _ref, ctx) {
    const got = carrInput(sample, p, false);
    if ('settled' in got) return got.settled;
    const input = got.input;
    const settled = screened(ctx, p, input.finalText);
    if (settled) return settled;
    const ids = entityIds(input.ref);
    return settle(async () => {
      const it = resolveAgentTemplate(p.identifyTemplate);
      const constraints = input.ref.rubrics
        .map((r, i) => `C${i + 1}. ${r.statement.replace(PLACEHOLDER, '<$1>')}`)
        .join('\n');
      const example = JSON.stringify(Object.fromEntries(ids.map((id) => [id, '…'])));
      const vars = {
        prompt: promptOf(sample),
        constraints,
        response: fenced(input.finalText),
        entities: ids.join(', '),
        example,
      };
      const named = await askJudge(
        ctx,
        p,
        messagesOf(fillTemplate(it.system, vars), fillTemplate(it.user, vars)),
        readEntities(ids, p.maxEntityChars),
        p.structured ? objectSchema('entities', ids, { type: ['string', 'null'] }) : undefined,
      );
      const values = named.value;
      const filled = input.ref.rubrics.map((r) =>
        r.entities.every((e) => values[e] !== null)
          ? r.statement.replace(PLACEHOLDER, (m, e: string) => values[e] ?? m)
          : null,
      );
      const asked = filled.flatMap((f, i) => (f === null ? [] : [i]));
      const supported = input.ref.rubrics.map(() => false);
      if (asked.length > 0) {
        const st = resolveAgentTemplate(p.supportTemplate);
        const labels = asked.map((_, k) => `S${k + 1}`);
        const statements = asked.map((i, k) => `${labels[k]}. ${filled[i]}`).join('\n');
        const sv = {
          evidence: untrusted(evidenceText(input, p.maxEvidenceChars), ['sources', 'candidate', 'response', 'action']),
          statements: fenced(statements),
          labels: labels.join(', '),
        };
        const verdicts = await askJudge(
          ctx,
          p,
          messagesOf(fillTemplate(st.system, sv), fillTemplate(st.user, sv)),
          readSupport(labels),
          p.structured ? objectSchema('support', labels, { type: 'boolean' }) : undefined,
        );
        asked.forEach((i, k) => {
          supported[i] = verdicts.value[k] === true;
        });
      }
      const { score, connected } = rubricScore(input.ref, supported, p.connectivity);
      return scored(score, { identified: values, filled, supported, connected, citedSources: input.evidence.length });
    });
  },
});
