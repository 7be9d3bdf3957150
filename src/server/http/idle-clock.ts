import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const HANDLING = Symbol('rewardkit.requestsInHand');
type Tracked = Socket & { [HANDLING]?: number };

/**
 * `limits.idleTimeoutMs` is time a connection sits idle, not time the server spends on its request: the
 * socket's clock stops when a request arrives and starts again when its answer is ended, so a judge request
 * that scores for longer than the idle timeout is answered rather than reset, and a client that stops reading
 * an answer is still cut off. (A socket timeout alone also fires while a request is being scored.)
 */
export function holdIdleClock(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const socket = req.socket as Tracked;
  const inHand = (socket[HANDLING] ?? 0) + 1;
  socket[HANDLING] = inHand;
  if (inHand === 1) socket.setTimeout(0);
  res.once('prefinish', () => {
    const left = (socket[HANDLING] ?? 1) - 1;
    socket[HANDLING] = left;
    if (left === 0 && !socket.destroyed) socket.setTimeout(idleMs);
  });
}
