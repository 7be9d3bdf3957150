// `POST /v1/score` on node:http directly, ahead of fastify: at one sample per request fastify's routing, hooks
// and reply objects cost more than the scoring. Only a well-formed request takes this path; anything else
// (bad JSON, a refused body, an unknown spec, no token, draining) is replayed through fastify with its body, so
// every error answer, header and metric is the one the fastify route gives. The same path answers requests the
// raw front (`raw-front.ts`) reads off the socket itself.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { httpStatusOf, RewardError } from '../../core/codes.js';
import type { ServerContext } from '../context.js';
import type { TextOutcome } from '../scoring/score-service.js';
import { overDeepAt } from './body-depth.js';
import { errorJson } from './errors.js';
import { type ScoreBodyFields, scoreBodyShape, validateSamples } from './raw-body.js';
import { requestIdFrom } from './request-id.js';
import { leanAnswer } from './wire.js';

/** Takes a request (true) or leaves it to fastify (false, nothing read). */
export type FastHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A request the fast path answers, from node:http or read off the socket by the raw front. */
export interface FastExchange {
  /** The client's `x-request-id`, if it sent one. */
  readonly requestIdHeader: string | string[] | undefined;
  readonly remoteAddress: string | undefined;
  /** Every header, for a replay through fastify. */
  headers(): IncomingHttpHeaders;
  send(
    status: number,
    headers: Readonly<Record<string, string | string[] | number | undefined>>,
    body: string | Buffer,
  ): void;
  /** Drops the connection (a replay that could not run). */
  destroy(): void;
}

/** The fast path of `POST /v1/score`: which requests it takes, how it answers them, and its node:http handler. */
export interface FastScore {
  /** Whether a request to the route with these headers is taken (false: fastify's, nothing read yet). */
  accepts(type: string | undefined, length: number, chunked: boolean, authorization: string | undefined): boolean;
  answer(exchange: FastExchange, body: Buffer, started: number): void;
  handler: FastHandler;
}

const ROUTE = '/v1/score';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface FastScoreOptions {
  /** Bearer check; undefined when the server has no tokens. */
  authorized: ((header: string | undefined) => boolean) | undefined;
  bodyLimit: number;
  /** Bodies from this many bytes go to fastify (they are parsed in turns of their own, or read by a worker). */
  largeBody: number;
}

/** The well-formed `{spec, samples, details?}` body of a served spec within the sample limit, else undefined. */
function scoreBody(text: string, ctx: ServerContext): ScoreBodyFields | undefined {
  // Prototype keys get fastify's parser and its answers. Nesting is checked after the parse (`handle`): these
  // bodies are small, and only a sample can nest.
  if (text.includes('__proto__') || text.includes('constructor')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const shape = scoreBodyShape(body, ctx.config.limits.samplesPerRequest);
  return 'refused' in shape || !ctx.specs.has(shape.spec) ? undefined : shape;
}

/** The fast path of `POST /v1/score` for `app`, whose fastify handler gets every request it declines. */
export function fastScore(app: FastifyInstance, ctx: ServerContext, options: FastScoreOptions): FastScore {
  const { metrics } = ctx;
  const logsRequests = ['info', 'debug', 'trace'].includes(app.log.level);

  /** Sends through fastify, as if the request had gone there first. */
  const replay = (exchange: FastExchange, body: Buffer): void => {
    app
      .inject({
        method: 'POST',
        url: ROUTE,
        headers: exchange.headers(),
        payload: body,
        remoteAddress: exchange.remoteAddress ?? '127.0.0.1',
      })
      .then(
        (answer) => {
          const headers = { ...answer.headers };
          for (const h of ['connection', 'keep-alive', 'transfer-encoding', 'date']) delete headers[h];
          exchange.send(answer.statusCode, headers, answer.rawPayload);
        },
        () => exchange.destroy(),
      );
  };

  const finish = (
    exchange: FastExchange,
    id: string,
    spec: string,
    started: number,
    status: number,
    text: string,
    code?: string,
    retryAfter?: number,
  ): void => {
    // The length is the sender's to add (in bytes, from the body it writes).
    const headers: Record<string, string> = { 'x-request-id': id, 'content-type': JSON_TYPE };
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    if (ctx.closing) headers.connection = 'close';
    exchange.send(status, headers, text);
    const seconds = (performance.now() - started) / 1000;
    metrics.requests.inc({ route: ROUTE, status: String(status) });
    metrics.requestSeconds.observe({ route: ROUTE, spec }, seconds);
    if (code !== undefined) metrics.errors.inc({ code });
    if (logsRequests)
      app.log.info({ reqId: id, route: ROUTE, spec, status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
  };

  /** The 500 of an unexpected failure, logged with the request id. */
  const internal = (exchange: FastExchange, id: string, spec: string, started: number, err: unknown): void => {
    app.log.error({ err, reqId: id }, 'unhandled error');
    const text = errorJson('internal', 'internal error; see the server log for this request id', id);
    finish(exchange, id, spec, started, httpStatusOf('internal'), text, 'internal');
  };

  const handle = (exchange: FastExchange, buffer: Buffer, started: number): void => {
    const raw = buffer.toString('utf8');
    // A UTF-8 byte order mark is not JSON (fastify's parser drops it too).
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const body = ctx.closing ? undefined : scoreBody(text, ctx);
    if (body === undefined) {
      replay(exchange, buffer);
      return;
    }
    const id = requestIdFrom(exchange.requestIdHeader);
    const { spec, samples } = body;
    const log: FastifyBaseLogger = app.log.child({ reqId: id });
    const lean = leanAnswer(body.details, ctx.specs.get(spec)?.details === false);
    const batch = { route: 'score', requestId: id, arrived: Date.now(), field: 'samples', log, spec, samples };
    const respond = (outcome: TextOutcome): void => {
      if (outcome.overloaded) {
        const message = `server saturated; retry after ${outcome.retryAfter} s`;
        const text = errorJson('overloaded', message, id);
        finish(exchange, id, spec, started, httpStatusOf('overloaded'), text, 'overloaded', outcome.retryAfter);
        return;
      }
      const json = `{"request_id":${JSON.stringify(id)},"spec":${JSON.stringify(spec)},"results":${outcome.json}}`;
      finish(exchange, id, spec, started, 200, json);
    };
    const failure = (err: unknown): void => {
      if (err instanceof RewardError) {
        const text = errorJson(err.code, err.message, id, err.where);
        finish(exchange, id, spec, started, httpStatusOf(err.code), text, err.code);
        return;
      }
      internal(exchange, id, spec, started, err);
    };
    let outcome: TextOutcome | Promise<TextOutcome>;
    try {
      // A body nested past the limit has a sample too deep to be valid; the 400 for the body is fastify's.
      const checked = validateSamples(samples);
      if (checked.invalid.size > 0 && overDeepAt(text) >= 0) {
        replay(exchange, buffer);
        return;
      }
      outcome = ctx.service.scoreTextNow({ ...batch, raw: text, lean }, checked);
    } catch (err) {
      failure(err);
      return;
    }
    // Trivial rules scored inline answer in this turn; anything else when its scoring settles.
    if (outcome instanceof Promise) outcome.then(respond, failure);
    else respond(outcome);
  };

  const answer = (exchange: FastExchange, body: Buffer, started: number): void => {
    try {
      handle(exchange, body, started);
    } catch (err) {
      // Never expected; an exception here must not take the process (and every other client) down.
      internal(exchange, requestIdFrom(exchange.requestIdHeader), '', started, err);
    }
  };

  const accepts = (
    type: string | undefined,
    length: number,
    chunked: boolean,
    authorization: string | undefined,
  ): boolean => {
    if (ctx.closing || (type !== 'application/json' && type !== JSON_TYPE)) return false;
    // A declared length under both limits (chunked bodies and large ones take fastify's path).
    if (!(length > 0 && length <= options.bodyLimit && length < options.largeBody) || chunked) return false;
    return options.authorized === undefined || options.authorized(authorization);
  };

  const handler: FastHandler = (req, res) => {
    if (req.method !== 'POST' || req.url !== ROUTE) return false;
    const { headers } = req;
    const length = Number(headers['content-length']);
    if (!accepts(headers['content-type'], length, headers['transfer-encoding'] !== undefined, headers.authorization))
      return false;
    const started = performance.now();
    const exchange: FastExchange = {
      requestIdHeader: headers['x-request-id'],
      remoteAddress: req.socket.remoteAddress,
      headers: () => headers,
      send: (status, answerHeaders, text) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(status, { ...answerHeaders, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
      destroy: () => res.destroy(),
    };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      // Node's parser stops at the declared length; a short body never ends (the request timeout cuts it).
      answer(exchange, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size), started);
    });
    req.on('error', () => res.destroy());
    return true;
  };

  return { accepts, answer, handler };
}
