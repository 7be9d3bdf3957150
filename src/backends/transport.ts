import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetchLike, TransportResponse } from './http.js';

/**
 * The default transport: node:http(s) with keep-alive agents. It does what `fetch` does for our JSON POSTs at
 * a fraction of the CPU per request (undici's fetch costs ~0.4 ms of CPU a call; this is what bench/backends
 * measures against), which matters at thousands of calls per second.
 */
export function httpTransport(): FetchLike {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY }),
  };
  return (url, init) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') return reject(new Error(`unsupported protocol ${target.protocol}`));
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: init.method,
          headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
          agent: agents[secure ? 'https:' : 'http:'],
          signal: init.signal,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          const body = new Promise<string>((done, fail) => {
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
            res.on('error', fail);
            res.on('aborted', () => fail(new Error('the connection closed before the reply ended')));
          });
          body.catch(() => {}); // a caller that never reads the body must not leave an unhandled rejection
          const status = res.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: {
              get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: () => body,
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
}
