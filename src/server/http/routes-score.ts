import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context.js';
import type { TextOutcome } from '../scoring/score-service.js';
import { refuseSpecOrSize, sendError } from './errors.js';
import { readScoreBody } from './raw-body.js';
import { leanAnswer } from './wire.js';

const scoreBody = {
  type: 'object',
  required: ['spec', 'samples'],
  additionalProperties: false,
  properties: {
    spec: { type: 'string', minLength: 1, maxLength: 200 },
    samples: { type: 'array', items: {} },
    details: { type: 'boolean' },
  },
} as const;

interface ScoreBody {
  spec: string;
  samples: unknown[];
  details?: boolean;
}

/** `POST /v1/score {spec, samples}` -> `{request_id, spec, results}`, one result per sample in input order. */
export function scoreRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: ScoreBody }>('/v1/score', { schema: { body: scoreBody } }, async (request, reply) => {
    let { spec, samples, details } = request.body;
    const batch = {
      route: 'score',
      requestId: String(request.id),
      arrived: ctx.arrivedAt(request),
      field: 'samples',
      log: request.log,
    };
    const raw = request.rkRaw;
    if (request.rkUnread && raw !== undefined) {
      ctx.label(request, spec);
      const maxSamples = ctx.config.limits.samplesPerRequest;
      const out = await ctx.service.scoreUnread({ ...batch, spec, samples: [], raw, maxSamples });
      if ('refused' in out) return sendError(reply, out.refused.code, out.refused.message, out.refused.field);
      if (!('giveBack' in out)) return answer(reply, String(request.id), spec, out);
      // No worker could read it (its worker was replaced): read it here and score it the usual way.
      const read = readScoreBody(raw, maxSamples);
      if (!read.ok) return sendError(reply, read.refused.code, read.refused.message, read.refused.field);
      spec = read.spec;
      samples = read.received;
      details = read.details;
    }
    const refused = refuseSpecOrSize(
      reply,
      ctx.specs,
      spec,
      samples.length,
      ctx.config.limits.samplesPerRequest,
      'request',
    );
    if (refused) return refused;
    ctx.label(request, spec);
    const lean = leanAnswer(details, ctx.specs.get(spec)?.details === false);
    const outcome = await ctx.service.scoreText({ ...batch, spec, samples, raw, lean });
    return answer(reply, String(request.id), spec, outcome);
  });
}

/** The 200 answer (the same bytes fastify's JSON.stringify would send, results serialised where scored), or 429. */
function answer(reply: FastifyReply, requestId: string, spec: string, outcome: TextOutcome): FastifyReply | string {
  if (outcome.overloaded) {
    reply.header('retry-after', String(outcome.retryAfter));
    return sendError(reply, 'overloaded', `server saturated; retry after ${outcome.retryAfter} s`);
  }
  reply.type('application/json; charset=utf-8');
  return `{"request_id":${JSON.stringify(requestId)},"spec":${JSON.stringify(spec)},"results":${outcome.json}}`;
}
