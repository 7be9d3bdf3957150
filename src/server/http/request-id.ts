import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// A client may name its request (x-request-id); anything else gets a fresh UUID.
const CLIENT_ID = /^[\w.:-]{1,128}$/;

/** The id of a request: the client's `x-request-id` when it is a plain token, else a fresh UUID. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  return requestIdFrom(headers['x-request-id']);
}

/** The id of a request from its `x-request-id` header's value (undefined when it sent none). */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}
