// Builds servers for tests from fixtures/specs; test-only kinds come from fixtures/test-kinds.ts.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InjectOptions } from 'fastify';
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { createRewardServer, type RewardServer } from '../../src/server/server.js';

export const TEST_KINDS = new URL('./fixtures/test-kinds.ts', import.meta.url).pathname;

/** The folder of spec files every test server serves (fixtures/specs/*.yaml). */
export const SPEC_DIR = fileURLToPath(new URL('./fixtures/specs/', import.meta.url));

/** The text of one test spec, by name. */
export function specText(name: string): string {
  return readFileSync(join(SPEC_DIR, `${name}.yaml`), 'utf8');
}

/** A server over the test specs with test kinds loaded; traces off unless a path is given. */
export async function testServer(overrides: Record<string, unknown> = {}): Promise<RewardServer> {
  const config: ServerConfig = parseConfig({
    port: 0,
    specDirs: [SPEC_DIR],
    workers: 0,
    logLevel: 'silent',
    traces: { enabled: false },
    ...overrides,
  });
  return createRewardServer({ config, baseDir: SPEC_DIR, file: undefined, extraModules: [TEST_KINDS] });
}

/** A sample with a known exact-match outcome. */
export function emSample(i: number): { id: string; prompt: string; response: string; reference: string } {
  const answer = `answer ${i % 97}`;
  return {
    id: `s${i}`,
    prompt: `question ${i}`,
    response: `The answer is ${i % 3 === 0 ? 'wrong' : answer}.`,
    reference: answer,
  };
}

/** What a test reads from an answer, whether it came through `app.inject` or over a socket. */
export interface Answer {
  statusCode: number;
  headers: Record<string, number | string | string[] | undefined>;
  body: string;
  json(): any;
}

/** A request as `app.inject` takes it: an object payload is sent as JSON, a string as is. */
export interface Sent {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** `app.inject` of `server` in the shape `overHttp` answers (fastify's own path, no socket). */
export function viaInject(server: RewardServer): (sent: Sent) => Promise<Answer> {
  return async (sent) => await server.app.inject(sent as InjectOptions);
}

/** Sends like `app.inject`, but over real HTTP to the listening server at `base` (the path trainers take). */
export function overHttp(base: string): (sent: Sent) => Promise<Answer> {
  return async ({ method, url, payload, headers = {} }) => {
    const asJson = payload !== undefined && typeof payload !== 'string';
    const body = payload === undefined ? undefined : asJson ? JSON.stringify(payload) : (payload as string);
    const sentHeaders = {
      ...(asJson && !headers['content-type'] ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
    const res = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(new URL(url, base), { method, headers: sentHeaders }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ statusCode: r.statusCode ?? 0, headers: r.headers, body: text, json: () => JSON.parse(text) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
    return res;
  };
}
