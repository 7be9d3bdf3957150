// A real OpenAI-compatible HTTP server on loopback with scripted replies, for tests and bench/backends.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FetchLike, httpTransport } from '../../src/backends/index.js';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is (for malformed replies). */
  body: unknown;
  delayMs?: number;
}

export interface SeenRequest {
  path: string;
  body: any;
  headers: IncomingMessage['headers'];
}

/** Decides the reply to one request; undefined means "not planned" (answered 599 and recorded). */
export type Script = (req: SeenRequest, n: number) => ScriptedReply | undefined;

export class ScriptedServer {
  readonly seen: SeenRequest[] = [];
  readonly unplanned: string[] = [];
  #server: Server | undefined;
  #script: Script = () => undefined;
  url = '';

  /** Replaces the script; the request counter passed to it restarts at 0. */
  script(script: Script): this {
    this.#script = script;
    this.seen.length = 0;
    return this;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = Buffer.concat(chunks).toString('utf8');
        }
        const seen = { path: req.url ?? '', body, headers: req.headers };
        const reply = this.#script(seen, this.seen.length);
        this.seen.push(seen);
        const send = (): void => {
          if (res.destroyed) return;
          if (!reply) {
            this.unplanned.push(`${req.method} ${req.url}`);
            res.writeHead(599).end('unplanned request');
            return;
          }
          const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(text);
        };
        if (reply?.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

/** The default transport, only to `origins`; anything else is recorded in `refused` and fails. */
export function guardedFetch(
  origins: () => string[],
  refused: string[],
  transport: FetchLike = httpTransport(),
): FetchLike {
  return (url, init) => {
    if (!origins().some((o) => url.startsWith(`${o}/`))) {
      refused.push(url);
      return Promise.reject(new Error(`unplanned outbound request to ${url}`));
    }
    return transport(url, init);
  };
}

/** An OpenAI chat completion whose one token carries these top log-probs. */
export function chatLogprobReply(top: Record<string, number>, content = Object.keys(top)[0] ?? ''): unknown {
  const entries = Object.entries(top).map(([token, logprob]) => ({ token, logprob, bytes: [] }));
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'judge',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        finish_reason: 'length',
        logprobs: { content: [{ token: content, logprob: top[content] ?? -0.1, bytes: [], top_logprobs: entries }] },
      },
    ],
    usage: { prompt_tokens: 50, completion_tokens: 1, total_tokens: 51 },
  };
}

/** Splits text into tokens of up to `size` characters (a stand-in tokenizer for echo replies). */
export function chunkTokens(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A completions reply echoing `prompt` in the completions (vLLM/OpenAI legacy) log-prob shape. */
export function echoReply(prompt: string, logprobOf: (token: string, i: number) => number, size = 4): unknown {
  const tokens = chunkTokens(prompt, size);
  const offsets: number[] = [];
  let at = 0;
  for (const t of tokens) {
    offsets.push(at);
    at += t.length;
  }
  tokens.push(' x');
  offsets.push(prompt.length);
  return {
    id: 'cmpl-1',
    object: 'text_completion',
    choices: [
      {
        index: 0,
        text: `${prompt} x`,
        finish_reason: 'length',
        logprobs: {
          tokens,
          token_logprobs: tokens.map((t, i) => (i === 0 ? null : logprobOf(t, i))),
          top_logprobs: tokens.map((t, i) => (i === 0 ? null : { [t]: logprobOf(t, i) })),
          text_offset: offsets,
        },
      },
    ],
    usage: { prompt_tokens: tokens.length - 1, completion_tokens: 1, total_tokens: tokens.length },
  };
}

/** A completions reply with vLLM `prompt_logprobs` (first entry null, `{id: {logprob, rank, decoded_token}}`). */
export function vllmPromptLogprobsReply(prompt: string, logprobOf: (token: string, i: number) => number): unknown {
  const tokens = chunkTokens(prompt);
  return {
    id: 'cmpl-2',
    object: 'text_completion',
    choices: [
      {
        index: 0,
        text: ' x',
        finish_reason: 'length',
        logprobs: null,
        prompt_logprobs: tokens.map((t, i) =>
          i === 0 ? null : { [String(1000 + i)]: { logprob: logprobOf(t, i), rank: 1, decoded_token: t } },
        ),
      },
    ],
    usage: { prompt_tokens: tokens.length, completion_tokens: 1, total_tokens: tokens.length + 1 },
  };
}
