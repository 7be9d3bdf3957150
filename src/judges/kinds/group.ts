// Group-level judges: one call sees every rollout of a prompt (masked, shuffled) and scores them all.
import { z } from 'zod';
import { type CompositeDefinition, defineComposite, type ScoreContext } from '../../core/define.js';
import { fromCode, scored, unscorable } from '../../core/outcome.js';
import { mulberry32 } from '../../core/prng.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { groupIndices } from '../../shaping/groups.js';
import {
  askJudge,
  fenced,
  JUDGE,
  type JudgeOptions,
  judgeParams,
  messagesOf,
  promptOf,
  responseOf,
  screened,
  settle,
} from '../engine/call.js';
import { groupImages } from '../engine/images.js';
import { fillTemplate, resolveTemplate, type TemplateChoice, templateParam } from '../engine/templates.js';
import { readJsonObject } from '../parse/json-repair.js';
import type { Read } from '../parse/verdicts.js';

const GROUP = { ...JUDGE, groupLevel: true };

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Scores by label, each in [lo, hi] and every label present; unknown labels are invalid. */
function scoresByLabel(
  entries: Array<[string, unknown]>,
  labels: readonly string[],
  lo: number,
  hi: number,
): Read<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [label, v] of entries) {
    if (!labels.includes(label)) return { ok: false, invalid: `unknown candidate "${label}"` };
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < lo || n > hi) {
      return { ok: false, invalid: `score of "${label}" is ${JSON.stringify(v)}, not in ${lo}-${hi}` };
    }
    out.set(label, n);
  }
  const missing = labels.filter((l) => !out.has(l));
  if (missing.length > 0) return { ok: false, invalid: `no score for ${missing.join(', ')}` };
  return { ok: true, value: out };
}

/** RewardAnything (zhuohaoyu/RewardAnything processing.py): `{"scores": {"model-1": 1-5}, "best-to-worst": [...]}`. */
export function readListwise(text: string, labels: readonly string[]): Read<Map<string, number>> {
  const json = readJsonObject(text);
  const scores = json?.scores;
  if (!scores || typeof scores !== 'object' || Array.isArray(scores)) return { ok: false };
  return scoresByLabel(Object.entries(scores), labels, 1, 5);
}

/** RULER-style: `{"scores": [{"id": "r1", "score": 0-1}, ...]}`. */
export function readGroupRank(text: string, labels: readonly string[]): Read<Map<string, number>> {
  const json = readJsonObject(text);
  if (!json || !Array.isArray(json.scores)) return { ok: false };
  const entries: Array<[string, unknown]> = [];
  for (const e of json.scores) {
    if (!e || typeof e !== 'object' || typeof (e as { id?: unknown }).id !== 'string')
      return { ok: false, invalid: 'an entry without an id' };
    entries.push([(e as { id: string }).id, (e as { score?: unknown }).score]);
  }
  return scoresByLabel(entries, labels, 0, 1);
}

type GroupParams = JudgeOptions & { template: TemplateChoice; principle: string; seed: number };

function groupJudge<P extends GroupParams>(def: {
  kind: string;
  description: string;
  source: string;
  params: z.ZodType<P>;
  label: (i: number) => string;
  block: (label: string, text: string) => string;
  read: (text: string, labels: readonly string[]) => Read<Map<string, number>>;
  /** A judge score mapped onto [0, 1]. */
  unit: (s: number) => number;
}): CompositeDefinition<P> {
  async function judgeGroup(ctx: ScoreContext, p: P, members: Sample[], key: string): Promise<RewardResult[]> {
    const texts = members.map((s) => responseOf(s, p));
    const out: Array<RewardResult | undefined> = texts.map((t) => screened(ctx, p, t));
    const live = members.flatMap((_, i) => (out[i] ? [] : [i]));
    if (live.length === 0) return out as RewardResult[];
    const order = shuffled(live.length, (p.seed ^ hash(key)) >>> 0);
    const labels = order.map((_, k) => def.label(k));
    const candidates = order
      .map((li, k) => def.block(labels[k] as string, fenced(texts[live[li] as number] as string)))
      .join('\n\n');
    const t = resolveTemplate(p.template);
    const vars = { prompt: promptOf(members[0] as Sample), principle: p.principle, candidates };
    const result = await settle(async () => {
      const messages = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
      const { value } = await askJudge(ctx, p, messages, (f) => def.read(f, labels), undefined, groupImages(members));
      order.forEach((li, k) => {
        const s = value.get(labels[k] as string) as number;
        out[live[li] as number] = scored(def.unit(s), { judgeScore: s, label: labels[k], groupSize: members.length });
      });
      return scored(0);
    });
    if (result.status !== 'scored') {
      for (const i of live) out[i] = fromCode(result.code ?? 'internal', result.message ?? 'group judge failed');
    }
    return out as RewardResult[];
  }
  return defineComposite<P>({
    kind: def.kind,
    description: def.description,
    source: def.source,
    params: def.params,
    capabilities: GROUP,
    slots: {},
    backendsOf: (p) => [p.backend],
    async run(samples, _children, p, ctx) {
      const results: RewardResult[] = new Array(samples.length);
      const { groups, ungrouped } = groupIndices(samples);
      for (const i of ungrouped)
        results[i] = unscorable(
          'no-group',
          `${def.kind} judges the rollouts of one prompt together: the sample needs a "group" id`,
        );
      await Promise.all(
        [...groups].map(async ([key, idx]) => {
          const got = await judgeGroup(
            ctx,
            p,
            idx.map((i) => samples[i] as Sample),
            key,
          );
          idx.forEach((i, k) => {
            results[i] = got[k] as RewardResult;
          });
        }),
      );
      return results;
    },
  });
}

const principle = (fallback: string) =>
  z.string().min(1).default(fallback).describe('what the judge checks the candidates against');
const seed = z.number().int().min(0).default(0).describe('seed of the candidate shuffle (mixed with the group id)');

/** RewardAnything listwise principle-following judge; each rollout's 1–5 score normalised as (s − 1) / 4. */
export const judgeListwise = groupJudge({
  kind: 'judge-listwise',
  description:
    'Listwise judge (RewardAnything): all rollouts of a group, masked and shuffled, scored 1-5 against a principle',
  source: 'RewardAnything (Yu et al. 2025, arXiv 2506.03637; zhuohaoyu/RewardAnything processing.py)',
  params: z.strictObject({
    ...judgeParams,
    template: templateParam('listwise'),
    principle: principle('Be helpful, correct and honest; follow the instructions in the prompt.'),
    seed,
  }),
  label: (i) => `model-${i + 1}`,
  block: (label, text) => `<candidate id="${label}">\n${text}\n</candidate>`,
  read: readListwise,
  unit: (s) => (s - 1) / 4,
});

/** Group-relative judging (RULER): one call gives every rollout a score in [0, 1] relative to the others. */
export const judgeGroup = groupJudge({
  kind: 'judge-group',
  description:
    'Group-relative judge (RULER-style): one call scores every rollout of a group 0-1 relative to the others',
  source: 'RULER, OpenPipe ART (relative universal LLM-elicited rewards); group-relative scoring for GRPO',
  params: z.strictObject({
    ...judgeParams,
    template: templateParam('group-rank'),
    principle: principle('Which attempt best achieves what the task asks, correctly and efficiently?'),
    seed,
  }),
  label: (i) => `r${i + 1}`,
  block: (label, text) => `<candidate id="${label}">\n${text}\n</candidate>`,
  read: readGroupRank,
  unit: (s) => s,
});
