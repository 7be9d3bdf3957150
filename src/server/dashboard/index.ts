import type { FastifyInstance, FastifyReply } from 'fastify';
import { RewardError } from '../../core/codes.js';
import type { ServerContext } from '../context.js';
import { sendError } from '../http/errors.js';
import { componentPaths } from '../scoring/spec-set.js';
import type { TraceStore } from '../traces/trace-store.js';
import type { Overview } from './api-types.js';
import { SHELL_FILES, ShellAssets } from './assets.js';
import { liveOf } from './live.js';
import { codeParam, intParam, readQuery, statusParam, windowParams } from './params.js';
import { TraceQueries } from './queries.js';
import { bucketFor, CAPS, overviewOf } from './query.js';

export type * from './api-types.js';

/** URL paths of the page and its assets: they hold no data, so a browser can load them before it has a token. */
export const DASHBOARD_SHELL: ReadonlySet<string> = new Set(Object.keys(SHELL_FILES));

const HOUR = 3_600_000;

/** The page may run only its own script and talk only to this server; nothing may frame it. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * `GET /` (the dashboard) and its read-only JSON endpoints under `/v1/dashboard/` (docs/dashboard.md). The JSON
 * endpoints pass the same bearer check as the API; traces come from the server's own trace store.
 */
export function dashboardRoutes(app: FastifyInstance, ctx: ServerContext, traces: TraceStore | undefined): void {
  const assets = new ShellAssets();
  for (const path of DASHBOARD_SHELL) {
    app.get(path, async (_request, reply) => {
      const asset = assets.get(path);
      if (!asset) return sendError(reply, 'not-found', 'the dashboard is not built: run `npm run build`');
      return reply.headers(PAGE_HEADERS).type(asset.type).send(asset.body);
    });
  }

  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
  const order = (spec: string) => {
    const named = ctx.specs.get(spec);
    return named ? componentPaths(named.root) : [];
  };
  const queries = traces ? new TraceQueries(traces) : undefined;
  app.addHook('onClose', async () => queries?.close());
  const store = (): TraceQueries => {
    if (queries) return queries;
    throw new RewardError(
      'not-found',
      'the trace store is off here (traces.enabled: false, or traces go to a shared store); only live counters are read',
      {
        where: 'traces',
      },
    );
  };

  app.get('/v1/dashboard/overview', async (request, reply) => {
    const now = Date.now();
    const q = readQuery(request.query, ['since', 'until', 'spec']);
    const scope = { ...windowParams(q, now, now - HOUR), spec: q.spec || undefined };
    const bucketMs = bucketFor(scope.since, scope.until);
    const live = await liveOf(ctx);
    const head = { now, traces: traces !== undefined, sample_rate: ctx.config.traces.sampleRate, live };
    const body: Overview = queries
      ? { ...head, ...(await queries.run('overview', scope, bucketMs)) }
      : { ...head, ...overviewOf({ select: () => [] }, scope, bucketMs) };
    return noStore(reply).send(body);
  });

  app.get('/v1/dashboard/distribution', async (request, reply) => {
    const now = Date.now();
    const q = readQuery(request.query, ['since', 'until', 'spec', 'bins']);
    if (!q.spec)
      throw new RewardError('bad-request', 'spec is required (components differ per spec)', { where: 'spec' });
    const scope = { ...windowParams(q, now, now - HOUR), spec: q.spec };
    const bins = intParam(q, 'bins', 20, 1, 200);
    return noStore(reply).send(await store().run('distribution', scope, order(q.spec), bins));
  });

  app.get('/v1/dashboard/compare', async (request, reply) => {
    const now = Date.now();
    const q = readQuery(request.query, ['spec_a', 'since_a', 'until_a', 'spec_b', 'since_b', 'until_b', 'bins']);
    if (!q.spec_a) throw new RewardError('bad-request', 'spec_a is required', { where: 'spec_a' });
    const a = { ...windowParams(q, now, now - HOUR, '_a'), spec: q.spec_a };
    const b = { ...windowParams(q, now, now - HOUR, '_b'), spec: q.spec_b || q.spec_a };
    const bins = intParam(q, 'bins', 20, 1, 200);
    return noStore(reply).send(await store().run('compare', a, b, order(a.spec), bins));
  });

  app.get('/v1/dashboard/requests', async (request, reply) => {
    const now = Date.now();
    const q = readQuery(request.query, ['since', 'until', 'spec', 'status', 'code', 'request_id', 'before', 'limit']);
    const filter = {
      ...windowParams(q, now, 0),
      spec: q.spec || undefined,
      status: statusParam(q),
      code: codeParam(q),
      requestId: q.request_id || undefined,
      before: q.before ? intParam(q, 'before', 0, 1, Number.MAX_SAFE_INTEGER) : undefined,
      limit: intParam(q, 'limit', 50, 1, 500),
    };
    return noStore(reply).send(await store().run('requests', filter));
  });

  app.get<{ Params: { seq: string } }>('/v1/dashboard/requests/:seq', async (request, reply) => {
    const q = readQuery(request.query, ['offset', 'limit']);
    const seq = intParam({ seq: request.params.seq }, 'seq', 0, 1, Number.MAX_SAFE_INTEGER);
    const offset = intParam(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(q, 'limit', 100, 1, CAPS.detailSamples);
    const detail = await store().run('request', seq, offset, limit);
    if (!detail) return sendError(reply, 'not-found', `no traced request with seq ${seq}`, 'seq');
    return noStore(reply).send(detail);
  });
}
