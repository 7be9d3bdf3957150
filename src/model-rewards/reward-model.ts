import { z } from 'zod';
import { type Backends, backendsOf, type CallOptions, callOptions, type ScalarInput } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import type { Sample } from '../core/types.js';
import { backendParam, formatParam, MODEL } from './common.js';
import { conversation, promptBlock, render } from './conversation.js';

const params = z.strictObject({
  backend: backendParam('rm', 'reward-model'),
  format: formatParam,
  center: z.number().default(0).describe('subtracted from the raw score (e.g. the mean reward of reference answers)'),
  scale: z.number().positive().default(1).describe('the centred score is divided by this'),
  referenceBaseline: z
    .boolean()
    .default(false)
    .describe('score r(x, y) − r(x, reference): the reference answer of the same prompt as baseline'),
});

function inputOf(sample: Sample, response: string, format: z.infer<typeof params>['format']): ScalarInput {
  const messages = conversation(sample, response);
  let text: string | undefined;
  return {
    messages,
    prompt: promptBlock(sample),
    response,
    // Rendered only for the routes that take text (vLLM classify, SGLang, TEI).
    get text() {
      text ??= render(messages, format).text;
      return text;
    },
  };
}

/**
 * A scalar reward model behind an HTTP route (vLLM pooling/classify/score, SGLang, TEI, generic JSON),
 * normalised as (r − center) / scale. Learning to Summarize (Stiennon et al. 2020) sets `center` to the mean
 * reward of the reference summaries, so references score 0 on average.
 */
export const rewardModel = defineReward({
  kind: 'reward-model',
  description: 'Scalar reward model served over HTTP (vLLM, SGLang, TEI or any JSON route), optionally normalised',
  source: 'Stiennon et al. 2020, Learning to Summarize from Human Feedback (reference-mean bias)',
  params,
  capabilities: MODEL,
  backendsOf: (p) => [p.backend],
  score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.backend);
    const input = inputOf(sample, responseText(sample), p.format);
    if (p.referenceBaseline) return withBaseline(sample, input, p, backends, callOptions(ctx));
    const finish = (raw: number) => scored((raw - p.center) / p.scale, { raw });
    // A cache hit answers without a promise (re-runs from the cache).
    const hit = backends.cachedScalar(p.backend, input);
    return hit !== undefined ? finish(hit) : backends.scalar(p.backend, input, callOptions(ctx)).then(finish);
  },
});

/** (r(x, y) − r(x, reference) − center) / scale: the reference answer of the same prompt as baseline. */
async function withBaseline(
  sample: Sample,
  input: ScalarInput,
  p: z.infer<typeof params>,
  backends: Backends,
  options: CallOptions,
) {
  if (typeof sample.reference !== 'string' || sample.reference === '') {
    return unscorable('no-reference', 'referenceBaseline needs the reference answer (a string) as the baseline');
  }
  const [raw, baseline] = await Promise.all([
    backends.scalar(p.backend, input, options),
    backends.scalar(p.backend, inputOf(sample, sample.reference, p.format), options),
  ]);
  return scored((raw - baseline - p.center) / p.scale, { raw, baseline });
}
