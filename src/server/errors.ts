import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type Code, httpStatusOf, RewardError } from '../core/codes.js';

/** The JSON body of every non-2xx answer: what went wrong, which field, and the request id. */
export interface ErrorBody {
  error: { code: Code; message: string; field?: string };
  request_id: string;
}

/** Answers with the HTTP status the codes table gives `code`. */
export function sendError(reply: FastifyReply, code: Code, message: string, field?: string): FastifyReply {
  const body: ErrorBody = {
    error: field === undefined ? { code, message } : { code, message, field },
    request_id: String(reply.request.id),
  };
  reply.request.rkError = code;
  return reply.code(httpStatusOf(code)).send(body);
}

/** `body/samples/3` -> `samples[3]`; `body` -> `body`. */
function fieldOf(instancePath: string, missing?: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || 'body';
}

/** Turns framework errors (schema, JSON, size) and thrown RewardErrors into coded JSON answers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation && err.validation.length > 0) {
      const v = err.validation[0] as { instancePath: string; message?: string; params?: Record<string, unknown> };
      const field = fieldOf(v.instancePath, v.params?.missingProperty);
      const message = v.params?.missingProperty ? `${field} is required` : `${field} ${v.message ?? 'is invalid'}`;
      return sendError(reply, 'bad-request', message, field);
    }
    if (err instanceof RewardError) return sendError(reply, err.code, err.message, err.where);
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'payload-too-large', err.message, 'body');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
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
