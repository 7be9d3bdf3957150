import { z } from 'zod';
import type { ScoreContext } from '../../core/define.js';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { messageText } from '../../core/text.js';
import type { Sample } from '../../core/types.js';
import { askJudge, fenced, JUDGE, judgeParams, messagesOf, promptOf } from '../../judges/engine/call.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { MET_SCHEMA } from '../../judges/kinds/items.js';
import { readMet } from '../../judges/parse/verdicts.js';
import { agentTemplateParam, resolveAgentTemplate } from '../judged/templates.js';
import { AnnotationQueue } from './annotation-queue.js';

const params = z.strictObject({
  ...judgeParams,
  template: agentTemplateParam('oni-annotation'),
  scale: z.number().positive().default(1).describe('intrinsic reward of a positively labelled observation'),
  unlabelled: z
    .enum(['zero', 'unscorable'])
    .default('zero')
    .describe('what an observation without a label yet gets: 0 (ONI lookup) or an unscorable result'),
  maxPending: z.number().int().min(1).default(10_000).describe('observations waiting for a label, at most'),
  cacheSize: z.number().int().min(1).default(1_000_000).describe('labels kept (least recently used dropped)'),
  concurrency: z.number().int().min(1).default(4).describe('annotation calls in flight'),
});
type OniParams = z.infer<typeof params>;

// Scores lie in [0, scale]: no fixed bounds.
const { bounds: _bounds, ...UNBOUNDED } = JUDGE;

// One queue per backend set, node settings and template: labels outlive a batch, die with the host's backends.
const queues = new WeakMap<object, Map<string, AnnotationQueue>>();

/** The annotation queue an `oni-intrinsic` node with these params uses (hosts drain it; tests await it). */
export function oniQueue(ctx: Pick<ScoreContext, 'services'>, p: OniParams): AnnotationQueue {
  const owner = (ctx.services.backends ?? queues) as object;
  const byKey = queues.get(owner) ?? new Map<string, AnnotationQueue>();
  queues.set(owner, byKey);
  const key = JSON.stringify([p.backend, p.template, p.maxTokens, p.temperature]);
  let queue = byKey.get(key);
  if (!queue) {
    const t = resolveAgentTemplate(p.template);
    const detached: ScoreContext = { signal: new AbortController().signal, services: ctx.services, queued: (w) => w };
    queue = new AnnotationQueue(
      async (text) => {
        const [task, observation] = JSON.parse(text) as [string, string];
        const vars = { task, observation: fenced(observation) };
        const messages = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
        return (await askJudge(detached, p, messages, readMet, MET_SCHEMA)).value ? 1 : 0;
      },
      { maxPending: p.maxPending, cacheSize: p.cacheSize, concurrency: p.concurrency },
    );
    byKey.set(key, queue);
  }
  return queue;
}

/** The observation: `metadata.observation`, else the last tool result, else the response text. */
function observationOf(sample: Sample): string {
  const o = sample.metadata?.observation;
  if (typeof o === 'string') return o;
  if (Array.isArray(sample.response)) {
    const tool = sample.response.filter((m) => m.role === 'tool').pop();
    if (tool) return messageText(tool);
    return sample.response.map(messageText).join('\n');
  }
  return sample.response;
}

/**
 * ONI-style intrinsic reward (Zheng et al. 2025, Online Intrinsic Rewards; lookup variant): serves the cached
 * judge label of the observation (× `scale`) and, for a new one, queues it for annotation and answers at once
 * (0, or unscorable). Scoring never waits on the judge; labels are keyed by SHA-256 of (task, observation).
 * Example: `{kind: oni-intrinsic, params: {backend: judge, scale: 0.1}}`.
 */
export const oniIntrinsic = defineReward({
  kind: 'oni-intrinsic',
  description: 'ONI intrinsic reward: cached LLM label of the observation; new ones are annotated in the background',
  source:
    'ONI (Zheng et al. 2025, Online Intrinsic Rewards for decision making agents from LLM feedback), lookup variant',
  params,
  capabilities: { ...UNBOUNDED, cost: 'cheap' },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    if (!ctx.services.backends?.has(p.backend))
      return unscorable('missing-input', `oni-intrinsic: no backend "${p.backend}" configured`);
    const observation = observationOf(sample);
    if (observation.trim() === '') return unscorable('empty-response', 'oni-intrinsic: the observation is empty');
    const found = oniQueue(ctx, p).lookup(JSON.stringify([promptOf(sample), observation]));
    if (found.state === 'labelled') return scored(found.label * p.scale, { label: found.label, cached: true });
    if (p.unlabelled === 'unscorable')
      return unscorable('missing-input', `oni-intrinsic: observation ${found.state}, no label yet`, {
        state: found.state,
      });
    return scored(0, { state: found.state, cached: false });
  },
});
