import { z } from 'zod';
import { onBackendsClose } from '../../backends/index.js';
import type { ScoreContext } from '../../core/define.js';
import { defineReward } from '../../core/define.js';
import { refuseImages } from '../../core/images.js';
import { scored, unscorable } from '../../core/outcome.js';
import { messageText } from '../../core/text.js';
import type { Sample } from '../../core/types.js';
import {
  type Ask,
  askJudge,
  cachedVerdict,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
} from '../../judges/engine/call.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { MET_SCHEMA } from '../../judges/kinds/items.js';
import { readMet } from '../../judges/parse/verdicts.js';
import { agentTemplateParam, resolveAgentTemplate } from '../judged/templates.js';
import { AnnotationQueue } from './annotation-queue.js';
import { OnlineClassifier } from './online-classifier.js';

const params = z.strictObject({
  ...judgeParams,
  template: agentTemplateParam('oni-annotation'),
  variant: z
    .enum(['lookup', 'classifier'])
    .default('lookup')
    .describe('lookup: serve judge labels only (ONI retrieval); classifier: also predict unlabelled observations'),
  scale: z.number().positive().default(1).describe('intrinsic reward of a positively labelled observation'),
  unlabelled: z
    .enum(['zero', 'unscorable'])
    .default('zero')
    .describe('lookup: what an observation without a label yet gets: 0 (ONI lookup) or an unscorable result'),
  minLabels: z
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('classifier: labels learned before it predicts; below, an unlabelled observation is unscorable'),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe("classifier: reward 1 when P(positive) > threshold (ONI's classification_threshold)"),
  output: z
    .enum(['binary', 'probability'])
    .default('binary')
    .describe('classifier: the thresholded prediction (ONI) or P(positive) itself'),
  dim: z
    .number()
    .int()
    .min(16)
    .max(1 << 20)
    .default(4096)
    .describe('classifier: hashed n-gram buckets'),
  ngrams: z.number().int().min(1).max(4).default(2).describe('classifier: largest word n-gram'),
  lr: z.number().positive().max(10).default(0.5).describe('classifier: SGD step size (a reconstruction)'),
  l2: z.number().min(0).max(1).default(1e-4).describe('classifier: L2 decay per step (a reconstruction)'),
  replay: z.number().int().min(0).max(64).default(4).describe('classifier: old labels replayed per new one'),
  maxPending: z.number().int().min(1).default(10_000).describe('observations waiting for a label, at most'),
  cacheSize: z.number().int().min(1).default(1_000_000).describe('labels kept (least recently used dropped)'),
  concurrency: z.number().int().min(1).default(4).describe('annotation calls in flight'),
});
type OniParams = z.infer<typeof params>;

// Scores lie in [0, scale]: no fixed bounds.
const { bounds: _bounds, ...UNBOUNDED } = JUDGE;

/** The judge call that labels one observation of a task. */
function annotationAsk(p: OniParams, task: string, observation: string): Ask<boolean> {
  const t = resolveAgentTemplate(p.template);
  const vars = { task, observation: fenced(observation) };
  return {
    messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
    read: readMet,
    schema: MET_SCHEMA,
  };
}

// One queue per backend set, node settings and template: labels outlive a batch, die with the host's backends.
const queues = new WeakMap<object, Map<string, AnnotationQueue>>();

/**
 * The annotation queue an `oni-intrinsic` node with these params uses. Hosts drain it through
 * `closeBackends` (registered here); tests await `idle()`.
 */
export function oniQueue(ctx: Pick<ScoreContext, 'services'>, p: OniParams): AnnotationQueue {
  const backends = ctx.services.backends;
  const owner = (backends ?? queues) as object;
  const byKey = queues.get(owner) ?? new Map<string, AnnotationQueue>();
  queues.set(owner, byKey);
  const key = JSON.stringify([p.backend, p.template, p.maxTokens, p.temperature]);
  let queue = byKey.get(key);
  if (!queue) {
    queue = new AnnotationQueue(
      async (text, signal) => {
        const [task, observation] = JSON.parse(text) as [string, string];
        const ask = annotationAsk(p, task, observation);
        const detached: ScoreContext = { signal, services: ctx.services, queued: (w) => w };
        return (await askJudge(detached, p, ask.messages, ask.read, ask.schema)).value ? 1 : 0;
      },
      { maxPending: p.maxPending, cacheSize: p.cacheSize, concurrency: p.concurrency },
    );
    byKey.set(key, queue);
    const q = queue;
    if (backends) onBackendsClose(backends, (waitMs) => q.drain(waitMs));
  }
  return queue;
}

// One classifier per queue and learning settings, fed every label the queue gets from then on.
const classifiers = new WeakMap<AnnotationQueue, Map<string, OnlineClassifier>>();

/** The online classifier a `variant: classifier` node with these params serves (tests inspect it). */
export function oniClassifier(ctx: Pick<ScoreContext, 'services'>, p: OniParams): OnlineClassifier {
  const queue = oniQueue(ctx, p);
  const byKey = classifiers.get(queue) ?? new Map<string, OnlineClassifier>();
  classifiers.set(queue, byKey);
  const key = JSON.stringify([p.dim, p.ngrams, p.lr, p.l2, p.replay]);
  let model = byKey.get(key);
  if (!model) {
    const m = new OnlineClassifier({
      dim: p.dim,
      maxN: p.ngrams,
      lr: p.lr,
      l2: p.l2,
      replay: p.replay,
      bufferSize: 10_000,
      seed: 0,
    });
    queue.onLabel((text, label) => {
      const [task, observation] = JSON.parse(text) as [string, string];
      m.learn(task, observation, label);
    });
    byKey.set(key, m);
    model = m;
  }
  return model;
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
 * ONI-style intrinsic reward (Zheng et al. 2025, Online Intrinsic Rewards). `lookup` (ONI's retrieval
 * variant): serves the judge's label of the observation (× `scale`); a new one is queued for annotation and
 * answers at once (0, or unscorable). `classifier` (ONI's classification variant): an online logistic
 * regression on hashed n-grams learns every label and predicts 1[P > threshold] for observations not labelled
 * yet; a labelled observation is always served its label. Scoring never waits on the judge; labels are keyed
 * by SHA-256 of (task, observation), and a label already in the backend's response cache is served at once.
 * Example: `{kind: oni-intrinsic, params: {backend: judge, variant: classifier, scale: 0.1}}`.
 */
export const oniIntrinsic = defineReward({
  kind: 'oni-intrinsic',
  description:
    'ONI intrinsic reward: LLM label of the observation, or a classifier trained on them; annotated in the background',
  source:
    'ONI (Zheng et al. 2025, Online Intrinsic Rewards for decision making agents from LLM feedback), retrieval and classification variants',
  params,
  capabilities: { ...UNBOUNDED, cost: 'cheap' },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const backends = ctx.services.backends;
    if (!backends?.has(p.backend))
      return unscorable('missing-input', `oni-intrinsic: no backend "${p.backend}" configured`);
    refuseImages(sample, 'oni-intrinsic');
    const observation = observationOf(sample);
    if (observation.trim() === '') return unscorable('empty-response', 'oni-intrinsic: the observation is empty');
    const task = promptOf(sample);
    const model = p.variant === 'classifier' ? oniClassifier(ctx, p) : undefined;
    const cached = () => {
      const hit = cachedVerdict(backends, p, annotationAsk(p, task, observation));
      return hit ? (hit.value ? 1 : 0) : undefined;
    };
    const found = oniQueue(ctx, p).lookup(JSON.stringify([task, observation]), cached);
    if (found.state === 'labelled')
      return scored(found.label * p.scale, { label: found.label, source: 'label', cached: true });
    if (model) {
      if (model.labels < p.minLabels)
        return unscorable(
          'missing-input',
          `oni-intrinsic: observation ${found.state}, no label yet, and the classifier has learned ${model.labels} of the ${p.minLabels} labels it needs`,
          { state: found.state, labels: model.labels },
        );
      const pPositive = model.probability(task, observation);
      const value = p.output === 'binary' ? (pPositive > p.threshold ? 1 : 0) : pPositive;
      return scored(value * p.scale, { source: 'predicted', p: pPositive, state: found.state, labels: model.labels });
    }
    if (p.unlabelled === 'unscorable')
      return unscorable('missing-input', `oni-intrinsic: observation ${found.state}, no label yet`, {
        state: found.state,
      });
    return scored(0, { state: found.state, cached: false });
  },
});
