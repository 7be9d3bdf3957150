import type { FastifyInstance, FastifyReply } from 'fastify';
import { RewardError } from '../../core/codes.js';
import type { ServerContext } from '../context.js';
import { refuseSpecOrSize, sendError } from '../http/errors.js';
import { leanAnswer } from '../http/wire.js';
import type { JobView } from './types.js';

const jobBody = {
  type: 'object',
  required: ['spec', 'samples'],
  additionalProperties: false,
  properties: {
    spec: { type: 'string', minLength: 1, maxLength: 200 },
    samples: { type: 'array', items: {} },
    details: { type: 'boolean' },
  },
} as const;

const JOB_ID = /^[0-9a-f-]{36}$/;

function body(view: JobView): string {
  const head = {
    job_id: view.id,
    spec: view.spec,
    status: view.status,
    progress: {
      samples: view.samples,
      scored: view.scored,
      chunks: view.chunks,
      chunks_done: view.chunksDone,
      fraction: view.samples === 0 ? 1 : view.scored / view.samples,
    },
    created: new Date(view.created).toISOString(),
    finished: view.finished === null ? null : new Date(view.finished).toISOString(),
  };
  const json = JSON.stringify(head);
  // Results go out as the text the queue stored, never parsed and serialised again.
  return view.resultsJson === undefined ? json : `${json.slice(0, -1)},"results":${view.resultsJson}}`;
}

async function answer(reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof RewardError) {
      if (err.code === 'unavailable' || err.code === 'overloaded') reply.header('retry-after', '1');
      return sendError(reply, err.code, err.message);
    }
    throw err;
  }
}

/** `POST /v1/jobs`, `GET /v1/jobs/:id`, `DELETE /v1/jobs/:id` and `GET /ready` (readiness: jobs can be taken). */
export function jobRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: { spec: string; samples: unknown[]; details?: boolean } }>(
    '/v1/jobs',
    { schema: { body: jobBody } },
    async (request, reply) => {
      const { spec, samples, details } = request.body;
      const refused = refuseSpecOrSize(reply, ctx.specs, spec, samples.length, ctx.config.jobs.maxSamples, 'job');
      if (refused) return refused;
      ctx.label(request, spec);
      return answer(reply, async () => {
        const lean = leanAnswer(details, ctx.specs.get(spec)?.details === false);
        const id = await ctx.jobs.submit(spec, samples, lean);
        return reply.code(202).send({ job_id: id, status: samples.length === 0 ? 'done' : 'queued' });
      });
    },
  );

  const byId = (verb: 'get' | 'cancel') => async (request: { params: { id: string } }, reply: FastifyReply) => {
    const { id } = request.params;
    if (!JOB_ID.test(id)) return sendError(reply, 'not-found', `no job "${id}"`, 'id');
    return answer(reply, async () => {
      const view = await (verb === 'get' ? ctx.jobs.get(id) : ctx.jobs.cancel(id));
      if (!view) return sendError(reply, 'not-found', `no job "${id}" (unknown, or expired)`, 'id');
      reply.type('application/json; charset=utf-8');
      return body(view);
    });
  };
  app.get<{ Params: { id: string } }>('/v1/jobs/:id', byId('get'));
  app.delete<{ Params: { id: string } }>('/v1/jobs/:id', byId('cancel'));

  // Readiness, unlike /health (liveness): 503 while draining or while the shared queue cannot be reached.
  app.get('/ready', async (_request, reply) => {
    const why = ctx.closing ? 'draining' : await ctx.jobs.unready();
    return reply.code(why ? 503 : 200).send({ ready: why === undefined, jobs: ctx.jobs.kind, reason: why ?? null });
  });
}
