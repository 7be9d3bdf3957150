import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type Code, httpStatusOf, RewardError } from '../../core/codes.js';
import { didYouMean } from '../../core/suggest.js';

/** The JSON body of every non-2xx answer: what went wrong, which field, and the request id. */
export interface ErrorBody {
  error: { code: Code; message: string; field?: string };
  request_id: string;
}

function errorBody(code: Code, message: string, requestId: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field }, request_id: requestId };
}

/** The error body's JSON text (what `sendError` sends), for answers written without fastify. */
export function errorJson(code: Code, message: string, requestId: string, field?: string): string {
  return JSON.stringify(errorBody(code, message, requestId, field));
}

/** Answers with the HTTP status the codes table gives `code`. */
export function sendError(reply: FastifyReply, code: Code, message: string, field?: string): FastifyReply {
  reply.request.rkError = code;
  return reply.code(httpStatusOf(code)).send(errorBody(code, message, String(reply.request.id), field));
}

/** `body/samples/3` -> `samples[3]`; `body` -> `body`. */
function fieldOf(instancePath: string, missing?: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || 'body';
}

/** `detials is not a field of the body; did you mean "details"? (it takes spec, samples, details)`. */
export function unknownFieldMessage(field: string, given: string, known: readonly string[], where = 'body'): string {
  return `${field} is not a field of the ${where}${didYouMean(given, known)} (it takes ${known.join(', ')})`;
}

/** The property names the JSON schema allows at `instancePath` (`/samples/3` walks `properties` and `items`). */
function knownFields(schema: unknown, instancePath: string): string[] {
  let node = schema as { properties?: Record<string, unknown>; items?: unknown } | undefined;
  for (const part of instancePath.split('/').filter(Boolean)) {
    node = (/^\d+$/.test(part) ? node?.items : node?.properties?.[part]) as typeof node;
  }
  return Object.keys(node?.properties ?? {});
}

/** Turns framework errors (schema, JSON, size) and thrown RewardErrors into coded JSON answers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation && err.validation.length > 0) {
      const v = err.validation[0] as { instancePath: string; message?: string; params?: Record<string, unknown> };
      const unknown = v.params?.additionalProperty;
      if (typeof unknown === 'string') {
        const where = err.validationContext ?? 'body';
        const known = knownFields(request.routeOptions.schema?.[where as 'body'], v.instancePath);
        const field = fieldOf(v.instancePath, unknown);
        const message = unknownFieldMessage(field, unknown, known, where === 'querystring' ? 'query string' : where);
        return sendError(reply, 'bad-request', message, where === 'body' ? field : unknown);
      }
      const field = fieldOf(v.instancePath, v.params?.missingProperty);
      const message = v.params?.missingProperty ? `${field} is required` : `${field} ${v.message ?? 'is invalid'}`;
      return sendError(reply, 'bad-request', message, field);
    }
    if (err instanceof RewardError) return sendError(reply, err.code, err.message, err.where);
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'payload-too-large', err.message, 'body');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
        const type = request.headers['content-type'];
        const got = type === undefined ? 'no Content-Type' : `Content-Type "${type}"`;
        return sendError(
          reply,
          'unsupported-media-type',
          `send the body as JSON with Content-Type: application/json (got ${got})`,
          'content-type',
        );
      }
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, 'bad-request', err.message, 'body');
    }
    if (err instanceof SyntaxError || (err.statusCode !== undefined && err.statusCode < 500)) {
      return sendError(reply, 'bad-request', err.message, 'body');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal', 'internal error; see the server log for this request id');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}

const FORBIDDEN = new Set(['__proto__', 'constructor']);

/** Where a body that failed the JSON parser holds `__proto__` (or `constructor.prototype`): a clear 400 naming it. */
export function forbiddenKeyError(text: string): RewardError | undefined {
  if (!text.includes('"__proto__"') && !text.includes('"constructor"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text); // plain JSON.parse makes own properties, never touches prototypes
  } catch {
    return undefined;
  }
  return forbiddenKeyIn(value);
}

/** Like `forbiddenKeyError`, for a value already parsed with plain `JSON.parse`. */
export function forbiddenKeyIn(value: unknown): RewardError | undefined {
  const path = forbiddenPath(value, []);
  if (!path) return undefined;
  const field = fieldOf(path.map(String).join('/'));
  const key = path[path.length - 1];
  return new RewardError('bad-request', `the key "${key}" is refused (it could pollute object prototypes); rename it`, {
    where: field,
  });
}

function forbiddenPath(value: unknown, path: Array<string | number>): Array<string | number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__' || (k === 'constructor' && v !== null && typeof v === 'object' && 'prototype' in v)) {
      return [...path, k];
    }
    if (FORBIDDEN.has(k)) continue;
    const found = forbiddenPath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The checks every route that takes `{spec, samples}` makes first: the spec is served and the batch is
 * within `max` (per `unit`). Returns the error reply it sent, or null when the body may be scored.
 */
export function refuseSpecOrSize(
  reply: FastifyReply,
  served: { has(name: string): boolean },
  spec: string,
  count: number,
  max: number,
  unit: 'request' | 'job',
): FastifyReply | null {
  if (!served.has(spec)) return sendError(reply, 'not-found', `no spec "${spec}"; GET /v1/specs lists them`, 'spec');
  if (count > max)
    return sendError(reply, 'payload-too-large', `${count} samples; the limit is ${max} per ${unit}`, 'samples');
  return null;
}
