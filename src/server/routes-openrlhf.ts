import type { FastifyInstance } from 'fastify';
import type { Sample } from '../core/types.js';
import type { ServerContext } from './context.js';
import { sendError } from './errors.js';

const strings = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const openrlhfBody = {
  type: 'object',
  required: ['query'],
  properties: { query: strings, prompts: strings, labels: {} },
} as const;

interface OpenRlhfBody {
  query: string | string[];
  prompts?: string | string[];
  labels?: unknown;
}

/** The response part of a decoded query: the text after the prompt, without trailing special tokens. */
export function responseOf(query: string, prompt: string | undefined, suffixes: readonly string[]): string {
  let response = query;
  if (prompt) {
    const at = query.indexOf(prompt);
    if (at >= 0) response = query.slice(at + prompt.length);
  }
  for (;;) {
    const trimmed = response.trimEnd();
    const suffix = suffixes.find((x) => x !== '' && trimmed.endsWith(x));
    if (suffix === undefined) break;
    response = trimmed.slice(0, -suffix.length);
  }
  return response;
}

/**
 * OpenRLHF drop-in (`--reward.remote_url http://host:8000/openrlhf/<spec>`): `{query, prompts, labels}`
 * -> `{rewards, scores, extra_logs}`, lists parallel to `query`.
 */
export function openrlhfRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: OpenRlhfBody; Params: { spec: string } }>(
    '/openrlhf/:spec',
    { schema: { body: openrlhfBody } },
    async (request, reply) => {
      const { spec } = request.params;
      if (!ctx.specs.has(spec))
        return sendError(reply, 'not-found', `no spec "${spec}"; GET /v1/specs lists them`, 'spec');
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
      const { stripSuffixes, unscoredReward } = ctx.config.openrlhf;
      const samples: Sample[] = queries.map((query, i) => {
        const prompt = prompts?.[i];
        const sample: Sample = { prompt: prompt ?? '', response: responseOf(query, prompt, stripSuffixes) };
        const label = labels?.[i];
        if (label !== undefined && label !== null) sample.reference = label;
        return sample;
      });
      ctx.label(request, spec);
      const outcome = await ctx.service.score({
        route: 'openrlhf',
        spec,
        requestId: String(request.id),
        arrived: ctx.arrivedAt(request),
        samples,
        field: 'query',
        log: request.log,
      });
      if (outcome.overloaded) {
        reply.header('retry-after', String(outcome.retryAfter));
        return sendError(reply, 'overloaded', `server saturated; retry after ${outcome.retryAfter} s`);
      }
      const rewards = outcome.results.map((r) => (r.status === 'scored' ? (r.score as number) : unscoredReward));
      const extra: Record<string, number[]> = { scored: outcome.results.map((r) => (r.status === 'scored' ? 1 : 0)) };
      outcome.results.forEach((r, i) => {
        for (const [path, value] of Object.entries(r.components ?? {})) {
          const list = (extra[path] ??= new Array<number>(queries.length).fill(unscoredReward));
          list[i] = value ?? unscoredReward;
        }
      });
      return { rewards, scores: rewards, extra_logs: extra };
    },
  );
}
