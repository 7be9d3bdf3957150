import type { FastifyInstance } from 'fastify';
import { unscorable } from '../../core/outcome.js';
import { didYouMean } from '../../core/suggest.js';
import type { Sample } from '../../core/types.js';
import type { ServerContext } from '../context.js';
import type { WireResult } from '../scoring/score-service.js';
import { componentPaths, needsReference, someNode } from '../scoring/spec-set.js';
import { sendError } from './errors.js';
import { openrlhfJson, type PromptMatch, splitQuery } from './openrlhf-wire.js';

export { responseOf } from './openrlhf-wire.js';

const strings = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const openrlhfBody = {
  type: 'object',
  required: ['query'],
  properties: { query: strings, prompts: strings, labels: {} },
} as const;
const openrlhfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { scores: { type: 'string', minLength: 1 } },
} as const;

interface OpenRlhfBody {
  query: string | string[];
  prompts?: string | string[];
  labels?: unknown;
}

/** A label OpenRLHF sends when it was started without `--data.label_key`: it means "no reference". */
const isBlank = (label: unknown): boolean => label === undefined || label === null || label === '';

/**
 * OpenRLHF drop-in (`--reward.remote_url http://host:8000/openrlhf/<spec>[?scores=<component>]`):
 * `{query, prompts, labels}` -> `{rewards, scores, extra_logs}`, lists parallel to `query`, every number a float.
 * `scores` (OpenRLHF's 0-1 value for dynamic filtering) is the named component, else the spec's `scores`, else the reward.
 */
export function openrlhfRoute(app: FastifyInstance, ctx: ServerContext): void {
  const warned = new Set<string>();
  const warnOnce = (key: string, log: () => void): void => {
    if (warned.has(key)) return;
    warned.add(key);
    log();
  };
  app.post<{ Body: OpenRlhfBody; Params: { spec: string }; Querystring: { scores?: string } }>(
    '/openrlhf/:spec',
    { schema: { body: openrlhfBody, querystring: openrlhfQuery } },
    async (request, reply) => {
      const { spec } = request.params;
      const named = ctx.specs.get(spec);
      if (!named) return sendError(reply, 'not-found', `no spec "${spec}"; GET /v1/specs lists them`, 'spec');
      const scoresPath = request.query.scores ?? named.scores;
      const paths = componentPaths(named.root);
      if (scoresPath !== undefined && !paths.includes(scoresPath)) {
        const hint = didYouMean(scoresPath, paths);
        return sendError(
          reply,
          'bad-request',
          `spec "${spec}" has no component "${scoresPath}" (components: ${paths.join(', ')})${hint}`,
          'scores',
        );
      }
      const single = typeof request.body.query === 'string';
      const queries = single ? [request.body.query as string] : (request.body.query as string[]);
      const { prompts: rawPrompts, labels: rawLabels } = request.body;
      const prompts = rawPrompts === undefined ? undefined : typeof rawPrompts === 'string' ? [rawPrompts] : rawPrompts;
      const labels = rawLabels === undefined || rawLabels === null ? undefined : single ? [rawLabels] : rawLabels;
      if (prompts && prompts.length !== queries.length) {
        return sendError(
          reply,
          'bad-request',
          `prompts has ${prompts.length} items, query has ${queries.length}`,
          'prompts',
        );
      }
      if (labels !== undefined && (!Array.isArray(labels) || labels.length !== queries.length)) {
        const got = Array.isArray(labels) ? `${labels.length} items` : 'not a list';
        return sendError(reply, 'bad-request', `labels is ${got}; query has ${queries.length} items`, 'labels');
      }
      const max = ctx.config.limits.samplesPerRequest;
      if (queries.length > max) {
        return sendError(reply, 'payload-too-large', `${queries.length} queries; the limit is ${max}`, 'query');
      }
      const { stripSuffixes, unscoredReward, queueWaitMs, maxWaiting } = ctx.config.openrlhf;
      const matches: PromptMatch[] = [];
      const samples: Sample[] = queries.map((query, i) => {
        const prompt = prompts?.[i];
        const split = splitQuery(query, prompt, stripSuffixes);
        matches.push(split.prompt);
        const sample: Sample = { prompt: prompt ?? '', response: split.response };
        const label = labels?.[i];
        if (!isBlank(label)) sample.reference = label;
        return sample;
      });
      if (matches.includes('missing')) {
        warnOnce(`prompt:${spec}`, () =>
          request.log.warn(
            { spec },
            'openrlhf: a prompt is not in its query; such samples are unscored (missing-input), since the prompt cannot be told apart from the response',
          ),
        );
      }
      if (needsReference(named.root)) {
        if (samples.length > 0 && samples.every((s) => s.reference === undefined)) {
          reply.header('x-rewardkit-warning', 'labels are empty: start OpenRLHF with --data.label_key <column>');
          warnOnce(`labels:${spec}`, () =>
            request.log.warn(
              { spec },
              `openrlhf: spec "${spec}" needs references and the labels are empty; start OpenRLHF with --data.label_key <column> (these samples are reported as unscored, extra_logs.scored = 0)`,
            ),
          );
        }
      }
      if (queries.length === 1 && someNode(named.root, (n) => n.def.capabilities.groupLevel)) {
        warnOnce(`group:${spec}`, () =>
          request.log.warn(
            { spec },
            `openrlhf: spec "${spec}" is group-level but OpenRLHF sends one sample per request, so every group has one rollout; use OpenRLHF's --algo.advantage.estimator for group baselines`,
          ),
        );
      }
      ctx.label(request, spec);
      // A query without its prompt is not scored: the prompt (which may hold worked answers) would count as the response.
      const found = samples.filter((_, i) => matches[i] !== 'missing');
      const outcome =
        found.length === 0
          ? { overloaded: false as const, results: [] }
          : await ctx.service.score({
              route: 'openrlhf',
              spec,
              requestId: String(request.id),
              arrived: ctx.arrivedAt(request),
              samples: found,
              field: 'query',
              log: request.log,
              wait: { ms: queueWaitMs, maxWaiting },
            });
      if (outcome.overloaded) {
        reply.header('retry-after', String(outcome.retryAfter));
        return sendError(reply, 'overloaded', `server saturated; retry after ${outcome.retryAfter} s`);
      }
      const scored = outcome.results.values();
      const results = matches.map(
        (m, i): WireResult =>
          m === 'missing'
            ? unscorable('missing-input', `query[${i}] does not contain prompts[${i}] (nor its tail)`)
            : (scored.next().value as WireResult),
      );
      const n = queries.length;
      const rewards = results.map((r) => (r.status === 'scored' ? (r.score as number) : unscoredReward));
      const extra: Record<string, number[]> = { scored: results.map((r) => (r.status === 'scored' ? 1 : 0)) };
      if (prompts) extra.prompt_truncated = matches.map((m) => (m === 'truncated' ? 1 : 0));
      results.forEach((r, i) => {
        for (const [path, value] of Object.entries(r.components ?? {})) {
          const list = (extra[path] ??= new Array<number>(n).fill(unscoredReward));
          list[i] = value ?? unscoredReward;
        }
      });
      // Every component key on every answer, so OpenRLHF's per-key logs line up across requests.
      for (const path of paths) extra[path] ??= new Array<number>(n).fill(unscoredReward);
      const scores =
        scoresPath === undefined || scoresPath === named.root.path ? rewards : (extra[scoresPath] as number[]);
      reply.type('application/json; charset=utf-8');
      return openrlhfJson(rewards, scores, extra);
    },
  );
}
