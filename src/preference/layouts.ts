// Preference-data layouts: read any of them into one pair shape, write a pair back out in any of them.
import type { Message } from '../core/types.js';

export type Turns = string | Message[];

/** One preference pair, whatever layout it came from; `extra` keeps every field the layout does not own. */
export interface Pair {
  prompt: Turns;
  chosen: Turns;
  rejected: Turns;
  /** Equal quality: no direction (HelpSteer2-Preference strength 0, SoliReward pass/pass). */
  tie?: boolean;
  /** |strength| ∈ {1,2,3} (HelpSteer2-Preference). */
  magnitude?: number;
  /** OpenRLHF `margin`. */
  margin?: number;
  /** The rejected response's own prompt, when it answers a different one (cross-prompt pairs; OpenRLHF only). */
  rejectedPrompt?: Turns;
  extra: Record<string, unknown>;
}

/** The layouts `data convert` reads and writes; `helpsteer2` (rated single responses) is read only. */
export const LAYOUTS = ['trl', 'openrlhf', 'rewardbench', 'helpsteer2-preference', 'helpsteer2'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** HelpSteer2's five attributes, rated 0..4. */
export const HELPSTEER2_ATTRIBUTES = ['helpfulness', 'correctness', 'coherence', 'complexity', 'verbosity'] as const;

const OWN: Record<Layout, readonly string[]> = {
  trl: ['prompt', 'chosen', 'rejected'],
  openrlhf: ['chosen', 'rejected', 'margin'],
  rewardbench: ['prompt', 'chosen', 'rejected'],
  'helpsteer2-preference': ['prompt', 'response_1', 'response_2', 'preference_strength'],
  helpsteer2: ['prompt', 'response', ...HELPSTEER2_ATTRIBUTES],
};

const isMessages = (v: unknown): v is Message[] =>
  Array.isArray(v) && v.every((m) => m !== null && typeof m === 'object' && typeof (m as Message).role === 'string');
const isTurns = (v: unknown): v is Turns => typeof v === 'string' || isMessages(v);

/** The layout a row is in, from its keys; undefined when it matches none. */
export function detectLayout(row: Record<string, unknown>): Layout | undefined {
  if ('preference_strength' in row && 'response_1' in row) return 'helpsteer2-preference';
  if ('response' in row && 'helpfulness' in row) return 'helpsteer2';
  if ('chosen' in row && 'rejected' in row) {
    if (!('prompt' in row) && isMessages(row.chosen)) return 'openrlhf';
    if ('subset' in row) return 'rewardbench';
    return 'trl';
  }
  return undefined;
}

/** A row that cannot be read as a pair, with why. */
export class LayoutError extends Error {}

function extraOf(row: Record<string, unknown>, layout: Layout): Record<string, unknown> {
  const own = new Set(OWN[layout]);
  return Object.fromEntries(Object.entries(row).filter(([k]) => !own.has(k)));
}

function field(row: Record<string, unknown>, key: string, want: 'turns' | 'string'): Turns {
  const v = row[key];
  if (v === undefined) throw new LayoutError(`missing field "${key}"`);
  if (want === 'string' ? typeof v !== 'string' : !isTurns(v))
    throw new LayoutError(
      `field "${key}" must be ${want === 'string' ? 'a string' : 'a string or a list of messages'}`,
    );
  return v as Turns;
}

/** Splits an OpenRLHF conversation into its prompt turns and the final assistant reply. */
function splitConversation(v: Message[], key: string): { prompt: Message[]; reply: string } {
  const last = v[v.length - 1];
  if (last?.role !== 'assistant' || typeof last.content !== 'string')
    throw new LayoutError(`field "${key}" must end with an assistant message whose content is a string`);
  return { prompt: v.slice(0, -1), reply: last.content };
}

/** Reads one row of a pair layout (not `helpsteer2`, whose pairs `pairHelpSteer2` builds) as a Pair. */
export function readPair(row: Record<string, unknown>, layout: Layout): Pair {
  const extra = extraOf(row, layout);
  switch (layout) {
    case 'trl':
    case 'rewardbench': {
      const want = layout === 'rewardbench' ? 'string' : 'turns';
      return {
        prompt: field(row, 'prompt', want),
        chosen: field(row, 'chosen', want),
        rejected: field(row, 'rejected', want),
        extra,
      };
    }
    case 'openrlhf': {
      const c = row.chosen;
      const r = row.rejected;
      if (!isMessages(c) || !isMessages(r))
        throw new LayoutError('fields "chosen" and "rejected" must be message lists');
      const sc = splitConversation(c, 'chosen');
      const sr = splitConversation(r, 'rejected');
      const pair: Pair = { prompt: sc.prompt, chosen: sc.reply, rejected: sr.reply, extra };
      // OpenRLHF templates each conversation on its own, so the two may answer different prompts (cross-prompt pairs).
      if (JSON.stringify(sc.prompt) !== JSON.stringify(sr.prompt)) pair.rejectedPrompt = sr.prompt;
      if (row.margin !== undefined) {
        if (typeof row.margin !== 'number' || !Number.isFinite(row.margin))
          throw new LayoutError('field "margin" must be a number');
        pair.margin = row.margin;
      }
      return pair;
    }
    case 'helpsteer2-preference': {
      const s = row.preference_strength;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < -3 || s > 3)
        throw new LayoutError('field "preference_strength" must be an integer in −3..3');
      const r1 = field(row, 'response_1', 'turns');
      const r2 = field(row, 'response_2', 'turns');
      // −3 = response_1 much better … +3 = response_2 much better; 0 = about the same (a tie).
      const first = s <= 0;
      const pair: Pair = {
        prompt: field(row, 'prompt', 'turns'),
        chosen: first ? r1 : r2,
        rejected: first ? r2 : r1,
        extra,
      };
      if (s === 0) pair.tie = true;
      else pair.magnitude = Math.abs(s);
      return pair;
    }
    case 'helpsteer2':
      throw new LayoutError(
        'HelpSteer2 rows are single rated responses: pairs are built from consecutive rows of one prompt',
      );
  }
}

/** Writes a pair in a layout; throws LayoutError when the layout cannot hold it. */
export function writePair(pair: Pair, layout: Layout): Record<string, unknown> {
  if (pair.rejectedPrompt !== undefined && layout !== 'openrlhf')
    throw new LayoutError('the two responses answer different prompts; only openrlhf holds a prompt per side');
  switch (layout) {
    case 'trl':
      return { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected, ...pair.extra };
    case 'rewardbench': {
      const prompt = singleTurn(pair.prompt);
      if (typeof pair.chosen !== 'string' || typeof pair.rejected !== 'string')
        throw new LayoutError('RewardBench holds string responses; this pair has message lists');
      return { prompt, chosen: pair.chosen, rejected: pair.rejected, ...pair.extra };
    }
    case 'openrlhf': {
      const turnsOf = (p: Turns) => (typeof p === 'string' ? [{ role: 'user', content: p }] : p);
      const reply = (t: Turns, k: string, p: Turns) => {
        if (typeof t !== 'string')
          throw new LayoutError(`OpenRLHF wants the ${k} reply as a string; it is a message list`);
        return [...turnsOf(p), { role: 'assistant', content: t }];
      };
      const out: Record<string, unknown> = {
        chosen: reply(pair.chosen, 'chosen', pair.prompt),
        rejected: reply(pair.rejected, 'rejected', pair.rejectedPrompt ?? pair.prompt),
        ...pair.extra,
      };
      if (pair.margin !== undefined) out.margin = pair.margin;
      return out;
    }
    case 'helpsteer2-preference': {
      if (!pair.tie && pair.magnitude === undefined)
        throw new LayoutError(
          'HelpSteer2-Preference needs a strength; this pair has no magnitude (pass --magnitude N)',
        );
      return {
        prompt: pair.prompt,
        response_1: pair.chosen,
        response_2: pair.rejected,
        preference_strength: pair.tie ? 0 : -(pair.magnitude as number),
        ...pair.extra,
      };
    }
    case 'helpsteer2':
      throw new LayoutError('HelpSteer2 holds rated single responses; a pair carries no ratings to write');
  }
}

function singleTurn(prompt: Turns): string {
  if (typeof prompt === 'string') return prompt;
  const only = prompt.length === 1 ? prompt[0] : undefined;
  if (only && only.role === 'user' && typeof only.content === 'string') return only.content;
  throw new LayoutError('RewardBench holds a single-turn string prompt; this prompt has several turns');
}

/** One HelpSteer2 row: a rated response. */
export interface Rated {
  prompt: Turns;
  response: Turns;
  ratings: Record<string, number>;
  extra: Record<string, unknown>;
}

/** Reads a HelpSteer2 row; every attribute present must be a number. */
export function readRated(row: Record<string, unknown>): Rated {
  const ratings: Record<string, number> = {};
  for (const a of HELPSTEER2_ATTRIBUTES) {
    const v = row[a];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LayoutError(`field "${a}" must be a number`);
    ratings[a] = v;
  }
  if (ratings.helpfulness === undefined) throw new LayoutError('missing field "helpfulness"');
  return {
    prompt: field(row, 'prompt', 'turns'),
    response: field(row, 'response', 'turns'),
    ratings,
    extra: extraOf(row, 'helpsteer2'),
  };
}

/** Pairs two rated responses of one prompt by an attribute: higher wins, equal is a tie (magnitude = the gap, at most 3). */
export function pairRated(a: Rated, b: Rated, attribute: string): Pair {
  const sa = a.ratings[attribute];
  const sb = b.ratings[attribute];
  if (sa === undefined || sb === undefined) throw new LayoutError(`both responses need "${attribute}"`);
  const [hi, lo] = sa >= sb ? [a, b] : [b, a];
  const pair: Pair = { prompt: a.prompt, chosen: hi.response, rejected: lo.response, extra: { ...a.extra } };
  // A rating gap becomes a HelpSteer2-Preference magnitude: 1, 2, or 3 ("much better") for gaps of 3 and more.
  if (sa === sb) pair.tie = true;
  else pair.magnitude = Math.min(3, Math.abs(sa - sb));
  return pair;
}

/** Text of turns: a string as it is, a message list as "role: content" lines. */
export function turnsText(t: Turns): string {
  if (typeof t === 'string') return t;
  return t
    .map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')}`)
    .join('\n');
}
