import { createServer, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { httpStatusOf, RewardError } from '../core/codes.js';
import { MAX_SAMPLE_DEPTH } from '../core/sample-schema.js';
import type { ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { DASHBOARD_SHELL, dashboardRoutes } from './dashboard/index.js';
import { Admission } from './http/admission.js';
import { bearerChecker } from './http/auth.js';
import { MAX_BODY_DEPTH, overDeepAt } from './http/body-depth.js';
import { forbiddenKeyError, installErrorHandlers, sendError } from './http/errors.js';
import { type FastHandler, fastScore } from './http/fast-score.js';
import { holdIdleClock } from './http/idle-clock.js';
import { leadingSpec, occurrencesUpTo } from './http/raw-body.js';
import { installRawFront } from './http/raw-front.js';
import { requestIdOf } from './http/request-id.js';
import { metaRoutes } from './http/routes-meta.js';
import { openrlhfRoute } from './http/routes-openrlhf.js';
import { scoreRoute } from './http/routes-score.js';
import { EmbeddedJobs } from './jobs/embedded.js';
import { jobRoutes } from './jobs/routes.js';
import { chunkScorer } from './jobs/types.js';
import { ServerMetrics } from './metrics/metrics.js';
import { ScoreService } from './scoring/score-service.js';
import type { Scorer } from './scoring/scorer.js';
import type { NamedSpec } from './scoring/spec-set.js';
import type { TraceSink } from './traces/sink.js';
import type { TraceStore } from './traces/trace-store.js';

/** The parts a server is built from; the host (CLI, tests) creates them. */
export interface AppParts {
  config: ServerConfig;
  specs: ReadonlyMap<string, NamedSpec>;
  scorer: Scorer;
  traces?: TraceStore | undefined;
  /** Where scoring writes traces when not `traces` (the shared PostgreSQL store); the dashboard reads `traces` only. */
  traceSink?: TraceSink | undefined;
  metrics?: ServerMetrics | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    rkArrived: number;
    rkSpec: string;
    /** The code of the error answer, if any (counted in rewardkit_errors_total). */
    rkError: string;
    /** The JSON body as received (text), kept so a worker can parse the samples itself instead of a structured clone. */
    rkRaw: string | undefined;
    /** The body was not parsed here: a worker reads `rkRaw` (`body` holds only the spec). */
    rkUnread: boolean;
  }
}

/** Bodies from this size (UTF-16 units) are parsed and handled in separate event-loop turns. */
const LARGE_BODY = 256 * 1024;

/** Routes that still answer while the server drains before it stops. */
const DRAIN_ROUTES = new Set(['/health', '/metrics']);

/** Answers a request Node could not parse as HTTP with our error body, then closes the connection. */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const code = tooLarge ? 'payload-too-large' : timedOut ? 'timeout' : 'bad-request';
  const status = httpStatusOf(code);
  const message = tooLarge
    ? 'the request headers are too large'
    : timedOut
      ? 'the request did not arrive in time'
      : `malformed HTTP request (${err.code ?? 'parse error'})`;
  const body = JSON.stringify({ error: { code, message }, request_id: null });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Routes that answer without a token: liveness and readiness probes, and the dashboard page and assets (no data; its JSON needs one). */
const OPEN_ROUTES = new Set(['/health', '/ready', ...DASHBOARD_SHELL]);

/** Builds the fastify app: routes, bearer auth, request ids, limits, coded JSON errors, metrics. */
export function buildApp(parts: AppParts): { app: FastifyInstance; ctx: ServerContext } {
  const { config } = parts;
  const { limits } = config;
  /** Set once the context exists: well-formed scoring requests skip fastify (`http/fast-score.ts`). */
  let fast: FastHandler | undefined;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.limits.bodyBytes,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers),
    // Our route schemas are fixed and tested: skip compiling JSON Schema's meta-schema to check them (start-up).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, validateSchema: false } },
    // fastify's own set-up of its server, with the fast path in front of its handler.
    serverFactory: (handler) => {
      const server = createServer(
        {
          headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
          // Node checks both timeouts only this often (default 30 s), so a short timeout needs a short period.
          connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.requestTimeoutMs / 4))),
        },
        (req, res) => {
          holdIdleClock(req, res, limits.idleTimeoutMs);
          if (!fast?.(req, res)) handler(req, res);
        },
      );
      // Slow or idle clients are cut off, so they cannot hold the server's connections (slowloris); time spent
      // scoring a request is not idle time (holdIdleClock).
      server.setTimeout(limits.idleTimeoutMs);
      server.keepAliveTimeout = Math.min(limits.idleTimeoutMs, 5_000);
      server.requestTimeout = limits.requestTimeoutMs;
      return server;
    },
    // Malformed HTTP (bad request line, header overflow) gets our error body, not Node's or fastify's.
    clientErrorHandler: clientError,
    // Errors fastify raises before routing (a bad %-escape in the URL) get our error body too.
    frameworkErrors: (err, _request, reply) => {
      sendError(reply, 'bad-request', err.message, 'url');
    },
  });
  app.server.maxConnections = config.limits.maxConnections;
  const metrics = parts.metrics ?? new ServerMetrics();
  const admission = new Admission(config.limits.concurrency, config.limits.queue);
  const sink = parts.traceSink ?? parts.traces;
  const service = new ScoreService(parts.scorer, admission, metrics, sink, config.limits.requestBudgetMs);
  const ctx: ServerContext = {
    config,
    specs: parts.specs,
    scorer: parts.scorer,
    admission,
    metrics,
    service,
    // In process by default; the server swaps in the Redis queue when one is configured.
    jobs: new EmbeddedJobs(chunkScorer(service, app.log), config.jobs),
    startedAt: Date.now(),
    closing: false,
    label: (request, spec) => {
      request.rkSpec = spec;
    },
    arrivedAt: (request: FastifyRequest) => request.rkArrived,
  };
  app.decorateRequest('rkArrived', 0);
  app.decorateRequest('rkSpec', '');
  app.decorateRequest('rkError', '');
  app.decorateRequest('rkRaw', undefined);
  app.decorateRequest('rkUnread', false);
  // fastify's own JSON parser (same errors, __proto__/constructor refused), keeping the text as well.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // A UTF-8 byte order mark is not JSON: drop it here, so the workers that reparse the text never see it.
    const text = (body as string).charCodeAt(0) === 0xfeff ? (body as string).slice(1) : (body as string);
    const unread = text.length >= LARGE_BODY ? unreadSpec(text, request.url) : undefined;
    const deepAt = unread !== undefined ? -1 : overDeepAt(text);
    if (deepAt >= 0) {
      const why = `the body nests deeper than ${MAX_BODY_DEPTH} levels (at character ${deepAt}); a sample may nest ${MAX_SAMPLE_DEPTH}`;
      done(new RewardError('bad-request', why, { where: 'body' }), undefined);
      return;
    }
    request.rkRaw = text;
    if (unread !== undefined) {
      // A large scoring body is read, checked and scored in a worker: this thread never parses it.
      request.rkUnread = true;
      done(null, { spec: unread, samples: [] });
      return;
    }
    const parsed = (err: Error | null, value: unknown) => {
      const answer = () => done(err ? (forbiddenKeyError(text) ?? err) : null, value);
      if (text.length < LARGE_BODY) answer();
      else setImmediate(answer);
    };
    const parse = () => {
      // Plain JSON.parse when no key could pollute a prototype (fastify's parser scans for them with regexes,
      // a third of the parse time of a large body); any other body, and any error, take fastify's own path.
      if (!text.includes('__proto__') && !text.includes('constructor')) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          parseJson(request, text, parsed);
          return;
        }
        parsed(null, value);
      } else parseJson(request, text, parsed);
    };
    // A large body is parsed, then handled, each in a turn of its own, so small requests from other clients get in between.
    if (text.length < LARGE_BODY) parse();
    else setImmediate(parse);
  });
  /** The spec of a body that can go to a worker unread (`/v1/score`, a served spec named first, at most one chunk of samples). */
  const unreadSpec = (text: string, url: string): string | undefined => {
    const chunk = parts.scorer.chunkSize;
    if (url.split('?')[0] !== '/v1/score' || !parts.scorer.scoreUnread || chunk === undefined) return undefined;
    const spec = leadingSpec(text);
    if (spec === undefined || !ctx.specs.has(spec)) return undefined;
    return occurrencesUpTo(text, '"response"', chunk + 1) <= chunk ? spec : undefined;
  };
  const authorized = config.auth.tokens.length > 0 ? bearerChecker(config.auth.tokens) : undefined;
  const score = fastScore(app, ctx, { authorized, bodyLimit: config.limits.bodyBytes, largeBody: LARGE_BODY });
  fast = score.handler;
  if (config.rawHttp)
    installRawFront(app.server, score, {
      idleMs: limits.idleTimeoutMs,
      keepAliveMs: app.server.keepAliveTimeout,
      headersMs: app.server.headersTimeout,
      requestMs: limits.requestTimeoutMs,
    });

  app.addHook('onRequest', async (request, reply) => {
    request.rkArrived = Date.now();
    reply.header('x-request-id', request.id);
    // Draining: /health says 503 so balancers stop sending; new scoring work goes elsewhere.
    if (ctx.closing && !DRAIN_ROUTES.has(request.url.split('?')[0] ?? '')) {
      reply.header('retry-after', '1');
      return sendError(reply, 'shutting-down', 'the server is shutting down; retry on another instance');
    }
    if (authorized && !OPEN_ROUTES.has(request.url.split('?')[0] ?? '') && !authorized(request.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer realm="rewardkit"');
      return sendError(reply, 'unauthorized', 'a valid "Authorization: Bearer <token>" header is required');
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route, spec: request.rkSpec }, reply.elapsedTime / 1000);
    if (request.rkError) metrics.errors.inc({ code: request.rkError });
    request.log.info(
      {
        route,
        spec: request.rkSpec || undefined,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  app.addHook('preClose', async () => {
    ctx.closing = true;
  });
  // While shutting down, answers close their keep-alive connection so close() does not wait on idle clients.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (ctx.closing) reply.header('connection', 'close');
    done(null, payload);
  });

  installErrorHandlers(app);
  scoreRoute(app, ctx);
  openrlhfRoute(app, ctx);
  metaRoutes(app, ctx);
  dashboardRoutes(app, ctx, parts.traces);
  jobRoutes(app, ctx);
  return { app, ctx };
}
