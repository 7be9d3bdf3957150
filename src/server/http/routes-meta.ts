import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { componentPaths, needsReference } from '../scoring/spec-set.js';

/** `GET /health`, `GET /v1/specs` and `GET /metrics` (Prometheus text format). */
export function metaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', async (_request, reply) => {
    const body = {
      status: ctx.closing ? 'closing' : 'ok',
      uptime_s: Math.round((Date.now() - ctx.startedAt) / 1000),
      specs: ctx.specs.size,
      workers: ctx.scorer.threads,
      in_flight: ctx.admission.active,
      queued: ctx.admission.waiting + ctx.scorer.queued,
    };
    return reply.code(ctx.closing ? 503 : 200).send(body);
  });

  app.get('/v1/specs', async () => ({
    specs: [...ctx.specs.values()].map((s) => ({
      name: s.name,
      description: s.description ?? null,
      file: basename(s.file),
      kind: s.root.kind,
      components: componentPaths(s.root),
      needs_reference: needsReference(s.root),
    })),
  }));

  app.get('/metrics', async (_request, reply) => {
    ctx.metrics.queueDepth.set(ctx.admission.waiting + ctx.scorer.queued);
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
