// OpenRubrics Contrastive Rubric Generation with its preference-label consistency filter: a model writes a
// rubric from (prompt, preferred, rejected); the rubric is kept only if the open-rubrics judge, grading both
// answers under it, prefers the preferred one by more than a margin; otherwise it is resampled, then dropped.
import { z } from 'zod';
import type { Backends } from '../../backends/index.js';
import { RewardError } from '../../core/codes.js';
import type { ScoreContext } from '../../core/define.js';
import { Registry } from '../../core/registry.js';
import { Runner } from '../../core/runner.js';
import { type CompiledNode, compileNode } from '../../core/spec.js';
import { responseText } from '../../core/text.js';
import type { Message, RewardResult } from '../../core/types.js';
import templateJson from '../data/rubric-generation.json' with { type: 'json' };
import { askJudge, fenced, messagesOf, promptOf } from '../engine/call.js';
import { fillTemplate, guardText } from '../engine/templates.js';
import { judgeOpenRubrics } from '../kinds/checklist.js';
import { type OpenRubric, RUBRIC_LIMITS, type RubricLimits, readRubric } from './read-rubric.js';

type Turns = string | Message[];

/** One preference pair: the prompt and its preferred (`chosen`) and dispreferred (`rejected`) answers. */
export interface RubricPair {
  prompt: Turns;
  chosen: Turns;
  rejected: Turns;
}

const templateSchema = z.strictObject({
  about: z.string().optional(),
  system: z.string().includes('{{guard}}'),
  user: z.string().min(1),
  retry: z.string().includes('{{reason}}'),
});
export type RubricTemplate = z.infer<typeof templateSchema>;

/** The built-in generation template (src/judges/data/rubric-generation.json). */
export const RUBRIC_TEMPLATE: RubricTemplate = templateSchema.parse(templateJson);

export interface RubricGenOptions {
  backends: Backends;
  /** The rubric writer: backend name (default "default"), reply token limit, temperature. */
  generator?: { backend?: string; maxTokens?: number; temperature?: number };
  /** Params of the `open-rubrics` judge that checks consistency (default: the generator's backend). */
  judge?: Record<string, unknown>;
  /** Keep a rubric only when score(chosen) − score(rejected) > margin (default 0: strictly preferred). */
  margin?: number;
  /** Rubrics written per pair before it is dropped (rejection sampling; default 2). */
  attempts?: number;
  limits?: RubricLimits;
  template?: RubricTemplate;
  signal?: AbortSignal;
}

/** One written rubric and how it fared. */
export interface RubricTry {
  rubric?: OpenRubric;
  chosen?: number;
  rejected?: number;
  /** Why it was not kept, and its kind. */
  why?: string;
  failure?: RubricFailure;
}

/** Why a written rubric was not kept: unreadable or unfit, the judge could not grade, or not label-consistent. */
export type RubricFailure = 'unusable-rubric' | 'judge-failed' | 'inconsistent';

export type RubricOutcome =
  | { kept: true; rubric: OpenRubric; scores: { chosen: number; rejected: number }; tries: RubricTry[] }
  | { kept: false; failure: RubricFailure; reason: string; tries: RubricTry[] };

/** A generator bound to its options: the judge node is compiled once (bad judge params throw here). */
export class RubricGenerator {
  readonly #o: Required<Omit<RubricGenOptions, 'signal' | 'judge'>> & { signal?: AbortSignal | undefined };
  readonly #judge: CompiledNode;
  readonly #runner: Runner;
  readonly #gen: { backend: string; maxTokens: number; temperature: number; stripThink: boolean; screen: boolean };

  constructor(options: RubricGenOptions) {
    const margin = options.margin ?? 0;
    const attempts = options.attempts ?? 2;
    if (!Number.isFinite(margin) || margin < 0 || margin >= 1)
      throw new RewardError('invalid-spec', `margin must be in [0, 1), got ${margin}`, { where: 'rubric generation' });
    if (!Number.isInteger(attempts) || attempts < 1)
      throw new RewardError('invalid-spec', `attempts must be a positive integer, got ${attempts}`, {
        where: 'rubric generation',
      });
    this.#gen = {
      backend: options.generator?.backend ?? 'default',
      maxTokens: options.generator?.maxTokens ?? 2048,
      temperature: options.generator?.temperature ?? 0,
      stripThink: true,
      screen: false,
    };
    this.#o = {
      backends: options.backends,
      generator: this.#gen,
      margin,
      attempts,
      limits: options.limits ?? RUBRIC_LIMITS,
      template: options.template ?? RUBRIC_TEMPLATE,
      signal: options.signal,
    };
    const judgeParams = { backend: this.#gen.backend, ...options.judge };
    this.#judge = compileNode({ kind: 'open-rubrics', params: judgeParams }, new Registry([judgeOpenRubrics]), {
      file: 'rubric judge',
    });
    this.#runner = new Runner({ services: { backends: options.backends } });
  }

  /** Writes rubrics for one pair until one is consistent with its label or the attempts run out; never throws for a bad reply. */
  async generate(pair: RubricPair): Promise<RubricOutcome> {
    const tries: RubricTry[] = [];
    let last: RubricTry | undefined;
    for (let k = 0; k < this.#o.attempts; k++) {
      last = await this.#try(pair, last?.why);
      tries.push(last);
      if (!last.why && last.rubric && last.chosen !== undefined && last.rejected !== undefined)
        return { kept: true, rubric: last.rubric, scores: { chosen: last.chosen, rejected: last.rejected }, tries };
      if (this.#o.signal?.aborted) break;
    }
    return { kept: false, failure: last?.failure ?? 'unusable-rubric', reason: last?.why ?? 'no attempt', tries };
  }

  async #try(pair: RubricPair, retryReason: string | undefined): Promise<RubricTry> {
    const t = this.#o.template;
    const vars = {
      guard: guardText(),
      prompt: promptOf({ prompt: pair.prompt, response: '' }),
      chosen: fenced(responseText({ response: pair.chosen })),
      rejected: fenced(responseText({ response: pair.rejected })),
      maxItems: String(this.#o.limits.maxItems),
    };
    let user = fillTemplate(t.user, vars);
    if (retryReason) user += fillTemplate(t.retry, { reason: retryReason });
    const ctx: ScoreContext = {
      signal: this.#o.signal ?? new AbortController().signal,
      services: { backends: this.#o.backends },
      queued: (w) => w,
    };
    let rubric: OpenRubric;
    try {
      const messages = messagesOf(fillTemplate(t.system, vars), user);
      const sources = {
        prompt: vars.prompt,
        answers: [responseText({ response: pair.chosen }), responseText({ response: pair.rejected })],
      };
      rubric = (await askJudge(ctx, this.#gen, messages, (text) => readRubric(text, this.#o.limits, sources))).value;
    } catch (err) {
      if (err instanceof RewardError)
        return {
          failure: 'unusable-rubric',
          why: `the rubric writer gave no usable rubric (${err.code}: ${err.message})`,
        };
      throw err;
    }
    const [c, r] = await this.#runner.score(this.#judge, [
      { prompt: pair.prompt, response: pair.chosen, reference: { rubric } },
      { prompt: pair.prompt, response: pair.rejected, reference: { rubric } },
    ]);
    const chosen = scoreOf(c);
    const rejected = scoreOf(r);
    if (typeof chosen === 'string')
      return { rubric, failure: 'judge-failed', why: `the judge could not grade the preferred answer (${chosen})` };
    if (typeof rejected === 'string')
      return {
        rubric,
        chosen,
        failure: 'judge-failed',
        why: `the judge could not grade the rejected answer (${rejected})`,
      };
    // Preference-label consistency (OpenRubrics CRG rejection sampling): keep iff s(chosen) − s(rejected) > margin.
    if (chosen - rejected > this.#o.margin) return { rubric, chosen, rejected };
    return {
      rubric,
      chosen,
      rejected,
      failure: 'inconsistent',
      why: `under the rubric the judge scored the preferred answer ${round(chosen)} and the rejected one ${round(rejected)}, so it does not tell them apart (margin ${this.#o.margin}). Write criteria the preferred answer meets and the rejected one fails.`,
    };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function scoreOf(r: RewardResult | undefined): number | string {
  if (r?.status === 'scored' && typeof r.score === 'number' && Number.isFinite(r.score)) return r.score;
  return `${r?.status ?? 'no result'}/${r?.code ?? 'no-score'}${r?.message ? `: ${r.message}` : ''}`;
}

/** One-shot form of `RubricGenerator#generate`. */
export function generateRubric(pair: RubricPair, options: RubricGenOptions): Promise<RubricOutcome> {
  return new RubricGenerator(options).generate(pair);
}
