import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import { refuseSpecOrSize, sendError } from './errors.js';

const scoreBody = {
  type: 'object',
  required: ['spec', 'samples'],
  additionalProperties: false,
  properties: {
    spec: { type: 'string', minLength: 1, maxLength: 200 },
    samples: { type: 'array', items: {} },
  },
} as const;

interface ScoreBody {
  spec: string;
  samples: unknown[];
}

/** `POST /v1/score {spec, samples}` -> `{request_id, spec, results}`, one result per sample in input order. */
export function scoreRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: ScoreBody }>('/v1/score', { schema: { body: scoreBody } }, async (request, reply) => {
    const { spec, samples } = request.body;
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
    const outcome = await ctx.service.scoreText({
      route: 'score',
      spec,
      requestId: String(request.id),
      arrived: ctx.arrivedAt(request),
      samples,
      raw: request.rkRaw,
      field: 'samples',
      log: request.log,
    });
    if (outcome.overloaded) {
      reply.header('retry-after', String(outcome.retryAfter));
      return sendError(reply, 'overloaded', `server saturated; retry after ${outcome.retryAfter} s`);
    }
    // The same bytes fastify's JSON.stringify would send, with the results serialised where they were scored.
    reply.type('application/json; charset=utf-8');
    return `{"request_id":${JSON.stringify(String(request.id))},"spec":${JSON.stringify(spec)},"results":${outcome.json}}`;
  });
}
