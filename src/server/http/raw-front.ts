// A keep-alive connection that sends plain `POST /v1/score` requests is read and answered here, on the socket:
// at one sample per request node:http's parser, request and response objects cost as much as the scoring. The
// first request that is anything else (another route, chunked, Expect, HTTP/1.0, a header the fast path
// declines, draining) hands the connection, with every byte not yet answered, to node:http for good, so every
// other behaviour, error answer and timeout is node:http's and fastify's own.
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastExchange, FastScore } from './fast-score.js';

const REQUEST_LINE = 'POST /v1/score HTTP/1.1\r\n';
const HEAD_END = Buffer.from('\r\n\r\n');
/** node:http's default header limit: a head that has not ended within it goes to node:http (431). */
const MAX_HEAD = 16 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Whether a header line holds a control character other than tab (what node:http's parser refuses). */
function hasControl(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return true;
  }
  return false;
}
const DIGITS = /^[0-9]{1,10}$/;
/** Headers that ask for more than a plain request; a request with one goes to node:http. */
const NOT_PLAIN = new Set(['transfer-encoding', 'expect', 'upgrade', 'content-encoding', 'te', 'trailer']);

/** The head fields of a plain scoring request. */
interface PlainHead {
  length: number;
  type: string | undefined;
  authorization: string | undefined;
  requestId: string | undefined;
}

/**
 * The fields of `head` (the request's head without its final CRLF CRLF) when it is a plain HTTP/1.1 `POST
 * /v1/score` with one declared length and well-formed header lines, else undefined.
 */
export function plainHead(head: string): PlainHead | undefined {
  if (!head.startsWith(REQUEST_LINE)) return undefined;
  const fields: PlainHead = { length: -1, type: undefined, authorization: undefined, requestId: undefined };
  const lines = head.slice(REQUEST_LINE.length).split('\r\n');
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0 || hasControl(line)) return undefined;
    const name = line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name) || NOT_PLAIN.has(name)) return undefined;
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (fields.length >= 0 || !DIGITS.test(value)) return undefined;
      fields.length = Number(value);
    } else if (name === 'content-type') {
      if (fields.type !== undefined) return undefined;
      fields.type = value;
    } else if (name === 'authorization') {
      if (fields.authorization !== undefined) return undefined;
      fields.authorization = value;
    } else if (name === 'x-request-id') fields.requestId = fields.requestId === undefined ? value : '';
    else if (name === 'connection' && value.toLowerCase() !== 'keep-alive') return undefined;
  }
  return fields.length >= 0 ? fields : undefined;
}

/** Every header of a head `plainHead` accepted, as node:http lists them (for a replay through fastify). */
function headersOf(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.slice(REQUEST_LINE.length).split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

let dateSecond = -1;
let dateText = '';
/** The `date` header's value, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Timeouts of the raw front, the same as node:http's for the server. */
export interface RawFrontTimeouts {
  /** A connection's idle time before its first request. */
  idleMs: number;
  /** Idle time between requests. */
  keepAliveMs: number;
  /** A request's head must arrive within this from its first byte, its body within `requestMs`. */
  headersMs: number;
  requestMs: number;
}

/** One connection the raw front reads, until it answers a request that says `close` or hands it to node:http. */
class RawConnection implements FastExchange {
  requestIdHeader: string | undefined;
  readonly remoteAddress: string | undefined;
  /** Bytes received and not yet answered. */
  #unread: Buffer | undefined;
  /** Chunks after `#unread`, held apart while a body is still short of `#need` bytes (no copy per chunk). */
  #later: Buffer[] = [];
  #laterBytes = 0;
  /** Bytes `#unread` must hold for the request it starts with (0: its head is not complete yet). */
  #need = 0;
  #head = '';
  /** A request is being answered. */
  #busy = false;
  /** Its answer is being written in the turn that read it. */
  #inTurn = false;
  #deadline: NodeJS.Timeout | undefined;
  #ended = false;
  #closing = false;
  /** The socket's idle timeout now (set only when it changes). */
  #clockMs = -1;

  constructor(
    readonly socket: Socket,
    private readonly front: RawFront,
  ) {
    this.remoteAddress = socket.remoteAddress;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('timeout', this.#onTimeout);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
    this.#clock(front.timeouts.idleMs);
  }

  /** Idle time allowed: `idleMs` before a first request and while one arrives, keep-alive between, none while scoring. */
  #clock(ms: number): void {
    if (this.#clockMs === ms) return;
    this.#clockMs = ms;
    this.socket.setTimeout(ms);
  }

  headers(): Record<string, string> {
    return headersOf(this.#head);
  }

  send(
    status: number,
    headers: Readonly<Record<string, string | string[] | number | undefined>>,
    body: string | Buffer,
  ): void {
    const { socket } = this;
    if (!this.#busy || socket.destroyed) return;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
    let close = this.#closing;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || name === 'content-length') continue;
      if (name === 'connection') close ||= String(value).toLowerCase() === 'close';
      else for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${v}\r\n`;
    }
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    head += `content-length: ${length}\r\ndate: ${httpDate()}\r\n`;
    head += close
      ? 'connection: close\r\n\r\n'
      : `connection: keep-alive\r\nkeep-alive: timeout=${Math.floor(this.front.timeouts.keepAliveMs / 1000)}\r\n\r\n`;
    // One write call, so one system call: a writev of head and body costs more at one sample per request.
    if (typeof body === 'string') socket.write(head + body);
    else {
      socket.cork();
      socket.write(head, 'latin1');
      socket.write(body);
      socket.uncork();
    }
    this.#busy = false;
    if (close) {
      this.#unread = undefined;
      this.#later = [];
      socket.end();
      return;
    }
    this.#clock(this.front.timeouts.keepAliveMs);
    if (!this.#inTurn) {
      // Answered after its turn (scored by a worker, or replayed): read on.
      socket.resume();
      this.#read();
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Closes the connection once it is idle (the server is closing). */
  close(): void {
    this.#closing = true;
    if (!this.#busy) this.socket.destroy();
  }

  #onData = (chunk: Buffer): void => {
    const held = (this.#unread?.length ?? 0) + this.#laterBytes;
    if (this.#need > 0 && held + chunk.length < this.#need) {
      this.#later.push(chunk);
      this.#laterBytes += chunk.length;
      return;
    }
    this.#unread = this.#unread === undefined && this.#later.length === 0 ? chunk : this.#joined(chunk);
    if (!this.#busy) this.#read();
  };

  /** `#unread`, the chunks held after it, and `chunk`, as one buffer. */
  #joined(chunk?: Buffer): Buffer {
    const parts = [...(this.#unread ? [this.#unread] : []), ...this.#later, ...(chunk ? [chunk] : [])];
    this.#later = [];
    this.#laterBytes = 0;
    return Buffer.concat(parts);
  }

  /** Answers every complete request received, in order, one at a time. */
  #read(): void {
    const { socket, front } = this;
    while (!this.#busy && this.#unread !== undefined && !socket.destroyed) {
      if (socket.writableNeedDrain) {
        // The client is not reading its answers: read no more requests until it does.
        socket.pause();
        socket.once('drain', () => {
          socket.resume();
          this.#read();
        });
        return;
      }
      const unread = this.#unread;
      const headEnd = unread.indexOf(HEAD_END);
      if (headEnd < 0 || headEnd > MAX_HEAD) {
        if (headEnd < 0 && unread.length <= MAX_HEAD) this.#wait(front.timeouts.headersMs);
        else this.#handOff();
        return;
      }
      const head = unread.toString('latin1', 0, headEnd);
      const fields = plainHead(head);
      if (fields === undefined || !front.score.accepts(fields.type, fields.length, false, fields.authorization)) {
        this.#handOff();
        return;
      }
      const start = headEnd + HEAD_END.length;
      const end = start + fields.length;
      if (unread.length < end) {
        this.#need = end;
        this.#wait(front.timeouts.requestMs);
        return;
      }
      this.#need = 0;
      this.#unread = end < unread.length ? unread.subarray(end) : undefined;
      clearTimeout(this.#deadline);
      this.#deadline = undefined;
      this.#head = head;
      this.requestIdHeader = fields.requestId;
      this.#busy = true;
      this.#inTurn = true;
      front.score.answer(this, unread.subarray(start, end), performance.now());
      this.#inTurn = false;
      if (this.#busy) {
        // Scored elsewhere: hold the rest, and the idle clock, until the answer is written.
        socket.pause();
        this.#clock(0);
        return;
      }
    }
    // The client has sent its last byte: once every complete request it sent is answered, the connection ends.
    if (this.#ended && !this.#busy && !socket.destroyed) socket.end();
  }

  /** A request arrived in part: if the rest is not here within `ms` of its first byte, node:http takes over. */
  #wait(ms: number): void {
    this.#clock(this.front.timeouts.idleMs);
    this.#deadline ??= setTimeout(() => this.#handOff(), ms);
  }

  /** Gives the connection and its unanswered bytes to node:http (never while a request is being answered). */
  #handOff(): void {
    const { socket } = this;
    if (socket.destroyed || this.#busy) return;
    socket.pause();
    socket.removeListener('data', this.#onData);
    socket.removeListener('end', this.#onEnd);
    socket.removeListener('timeout', this.#onTimeout);
    socket.removeListener('error', this.#onError);
    socket.removeListener('close', this.#onClose);
    this.#onClose();
    if (this.#unread !== undefined || this.#later.length > 0) socket.unshift(this.#joined());
    this.#unread = undefined;
    this.front.toNode(socket);
    socket.resume();
  }

  #onEnd = (): void => {
    this.#ended = true;
    // Requests still held are answered first (`#read` ends the connection then); a partial one never is.
    if (!this.#busy) this.socket.end();
  };

  #onTimeout = (): void => {
    if (!this.#busy) this.socket.destroy();
  };

  #onError = (): void => {
    this.socket.destroy();
  };

  #onClose = (): void => {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.front.connections.delete(this);
  };
}

/** The raw front of a node:http server: which connections it holds and where others go. */
class RawFront {
  readonly connections = new Set<RawConnection>();

  constructor(
    readonly score: FastScore,
    readonly timeouts: RawFrontTimeouts,
    readonly toNode: (socket: Socket) => void,
  ) {}
}

/**
 * Puts the raw front before `server`'s own connection handling: each new connection is read here until its
 * first request the fast path does not take. Closing the server's idle (or all) connections closes these too.
 */
export function installRawFront(server: Server, score: FastScore, timeouts: RawFrontTimeouts): void {
  const nodeListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const front = new RawFront(score, timeouts, (socket) => {
    for (const listener of nodeListeners) listener.call(server, socket);
  });
  server.on('connection', (socket: Socket) => {
    front.connections.add(new RawConnection(socket, front));
  });
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    for (const connection of front.connections) connection.close();
    closeIdle();
  };
  const closeAll = server.closeAllConnections.bind(server);
  server.closeAllConnections = () => {
    for (const connection of front.connections) connection.socket.destroy();
    closeAll();
  };
}
