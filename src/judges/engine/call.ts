// The one way a judge kind talks to its backend: hardening before the call, a verdict read from the final
// answer (never a <think> draft), and every failure a coded result counted apart from scores.
import { z } from 'zod';
import {
  type Backends,
  backendsOf,
  type ChatMessage,
  type ChatReply,
  type ChatRequest,
  callOptions,
} from '../../backends/index.js';
import { type Code, RewardError } from '../../core/codes.js';
import type { ScoreContext } from '../../core/define.js';
import type { ContentPart } from '../../core/images.js';
import { fromCode, scored } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import type { Message, RewardResult, Sample } from '../../core/types.js';
import { looksLikeRefusal, type Read } from '../parse/verdicts.js';
import { masterKey, untrusted, withoutThink } from './harden.js';
import { imageMark, judgeImages } from './images.js';

/** Params every judge kind takes (spread into its strict params object). */
export const judgeParams = {
  backend: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('default')
    .describe('name of the judge backend (under "backends:"; "default" comes from OPENAI_BASE_URL)'),
  maxTokens: z.number().int().min(1).max(65536).default(2048).describe('token limit of the judge reply'),
  temperature: z.number().min(0).max(2).default(0),
  stripThink: z.boolean().default(true).describe('remove <think> drafts from the judged response before judging'),
  screen: z
    .boolean()
    .default(true)
    .describe('settle master-key responses (blank, punctuation, a bare opener) at the lowest score, with no call'),
};

export interface JudgeOptions {
  backend: string;
  maxTokens: number;
  temperature: number;
  stripThink: boolean;
  screen: boolean;
}

/** Capabilities of a judge kind: calls a model, scores in [0, 1]. */
export const JUDGE = {
  needsReference: false,
  callsModel: true,
  stepLevel: false,
  groupLevel: false,
  pure: false,
  cost: 'expensive',
  bounds: [0, 1],
} as const;

/** A judge call that gave no verdict. */
export class JudgeFailure extends RewardError {}

const excerpt = (text: string) => JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** Reads a verdict from a reply, or throws the judge code that says why not. */
export function verdictOf<T>(reply: Pick<ChatReply, 'text' | 'finishReason'>, read: (final: string) => Read<T>): T {
  if (reply.finishReason === 'content_filter') throw new JudgeFailure('judge-refused', 'the judge reply was filtered');
  if (reply.finishReason === 'length') {
    throw new JudgeFailure('judge-truncated', 'the judge reply hit its token limit (raise maxTokens)');
  }
  const final = withoutThink(reply.text);
  if (final === '') throw new JudgeFailure('judge-unparsable', 'no final answer after the <think> draft');
  const r = read(final);
  if (r.ok) return r.value;
  if (r.invalid) throw new JudgeFailure('judge-invalid', r.invalid);
  if (looksLikeRefusal(final)) throw new JudgeFailure('judge-refused', `the judge refused: ${excerpt(final)}`);
  throw new JudgeFailure('judge-unparsable', `no verdict in the final answer: ${excerpt(final)}`);
}

/** JSON schema for structured output (sent as `response_format`; replies that ignore it are repaired). */
export interface VerdictSchema {
  name: string;
  schema: Record<string, unknown>;
}

/**
 * One judge call: the verdict is read inside the backend's reply check, so a reply with no verdict is never
 * cached. Throws JudgeFailure or BackendFailure (both carry a code); counts verdicts and failures.
 */
export async function askJudge<T>(
  ctx: ScoreContext,
  o: JudgeOptions,
  messages: ChatMessage[],
  read: (final: string) => Read<T>,
  schema?: VerdictSchema,
  images: readonly ContentPart[] = judgeImages(ctx.sample),
): Promise<{ value: T; text: string }> {
  const backends = backendsOf(ctx, o.backend);
  let value: T | undefined;
  const accept = (r: ChatReply) => {
    value = verdictOf(r, read);
  };
  try {
    const request = judgeRequest(o, messages, schema, accept, images);
    const reply = await backends.chat(o.backend, request, callOptions(ctx));
    backends.stats.of(o.backend).verdicts++;
    return { value: value as T, text: withoutThink(reply.text) };
  } catch (err) {
    if (err instanceof RewardError) backends.stats.judgeFail(o.backend, err.code);
    throw err;
  }
}

function judgeRequest(
  o: JudgeOptions,
  messages: ChatMessage[],
  schema: VerdictSchema | undefined,
  accept: (r: ChatReply) => void,
  images: readonly ContentPart[],
): ChatRequest {
  return {
    messages: withImages(messages, images),
    maxTokens: o.maxTokens,
    temperature: o.temperature,
    ...(schema ? { jsonSchema: { ...schema, strict: false, lenient: true } } : {}),
    accept,
  };
}

/** The turns with the sample's images after the text of the first user turn (the filled template). */
function withImages(messages: ChatMessage[], images: readonly ContentPart[]): ChatRequest['messages'] {
  if (images.length === 0) return messages;
  const at = messages.findIndex((m) => m.role === 'user');
  if (at < 0) return messages;
  return messages.map((m, i) =>
    i === at ? { role: m.role, content: [{ type: 'text', text: m.content }, ...images] } : m,
  );
}

/** One judge call of a kind: its messages, how its verdict is read, and the schema asked for. */
export interface Ask<T> {
  messages: ChatMessage[];
  read: (final: string) => Read<T>;
  schema?: VerdictSchema | undefined;
}

/** The verdict of exactly this call from the cache, synchronously (not counted); undefined when not cached. */
export function cachedVerdict<T>(
  backends: Backends,
  o: JudgeOptions,
  ask: Ask<T>,
  images: readonly ContentPart[] = [],
): { value: T } | undefined {
  let value: T | undefined;
  try {
    const accept = (r: ChatReply) => {
      value = verdictOf(r, ask.read);
    };
    return backends.cachedChat(o.backend, judgeRequest(o, ask.messages, ask.schema, accept, images))
      ? { value: value as T }
      : undefined;
  } catch {
    return undefined; // let the network path report it
  }
}

/**
 * Runs a kind's calls and combines their verdicts: synchronously when every call is cached (a re-run costs
 * microseconds per sample), else through the backend, all settled before a failure is reported.
 */
export function askAll<T>(
  ctx: ScoreContext,
  o: JudgeOptions,
  asks: ReadonlyArray<Ask<T>>,
  finish: (values: T[]) => RewardResult,
): RewardResult | Promise<RewardResult> {
  const backends = ctx.services.backends;
  const images = judgeImages(ctx.sample);
  if (backends?.has(o.backend) && asks.length > 0) {
    const values: T[] = [];
    for (const ask of asks) {
      const hit = cachedVerdict(backends, o, ask, images);
      if (!hit) break;
      values.push(hit.value);
    }
    if (values.length === asks.length) {
      backends.stats.of(o.backend).verdicts += asks.length;
      return finish(values);
    }
    // Some calls were cached, not all: the network path below counts those hits again.
    backends.stats.of(o.backend).hits -= values.length;
  }
  return settle(async () =>
    finish(
      await allSettledOrThrow(
        asks.map((a) => askJudge(ctx, o, a.messages, a.read, a.schema, images).then((r) => r.value)),
      ),
    ),
  );
}

/** The judged response: its text with <think> drafts removed (unless `stripThink: false`). */
export function candidate(text: string, o: Pick<JudgeOptions, 'stripThink'>): string {
  return o.stripThink ? withoutThink(text) : text;
}

/** The response of a sample as the judge will see it. */
export function responseOf(sample: Sample, o: Pick<JudgeOptions, 'stripThink'>): string {
  return candidate(responseText(sample), o);
}

/** A master-key response settled before any call: the lowest score, the reason in details. */
export function screened(ctx: ScoreContext, o: JudgeOptions, text: string, lowest = 0): RewardResult | undefined {
  if (!o.screen) return undefined;
  const why = masterKey(text);
  if (!why) return undefined;
  const backends: Backends | undefined = ctx.services.backends;
  if (backends) backends.stats.of(o.backend).screened++;
  return scored(lowest, { screened: why, judged: false });
}

/** Runs a judge's work; a coded failure becomes its result (never a score). */
export async function settle(work: () => Promise<RewardResult>): Promise<RewardResult> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RewardError) return fromCode(err.code as Code, err.message);
    throw err;
  }
}

/** Candidate text for a slot of a template, fenced as untrusted data. */
export const fenced = (text: string): string => untrusted(text);

/** System + user messages of a filled template. */
export function messagesOf(system: string, user: string): ChatMessage[] {
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/**
 * The prompt turns as one block (`role: content` per turn for messages), fenced: earlier turns may be model-written.
 * An image part is written `[image n]`, numbered as the images the judge is sent (see `judgeImages`).
 */
export function promptOf(sample: Sample): string {
  const { prompt } = sample;
  if (typeof prompt === 'string') return untrusted(prompt);
  let n = 0;
  const text = (m: Message): string => {
    if (typeof m.content === 'string') return m.content;
    if (!Array.isArray(m.content)) return '';
    return m.content.map((p) => (p.type === 'text' ? p.text : p.type === 'image_url' ? imageMark(++n) : '')).join('');
  };
  return untrusted(prompt.map((m) => `${m.role}: ${text(m)}`).join('\n'));
}

/** Rating `r` on `min..max` mapped onto [0, 1]. */
export const normalized = (r: number, min: number, max: number): number => (r - min) / (max - min);

export const RATING_SCHEMA: VerdictSchema = {
  name: 'rating',
  schema: {
    type: 'object',
    properties: { reasoning: { type: 'string' }, rating: { type: 'integer', minimum: 1, maximum: 10 } },
    required: ['reasoning', 'rating'],
    additionalProperties: false,
  },
};

/** Like Promise.all, but waits for every call to settle before failing, so no judge call outlives its sample. */
export async function allSettledOrThrow<T>(work: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
