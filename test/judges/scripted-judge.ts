// Helpers for judge tests: chat replies in the OpenAI shape and a runner wired to the scripted server.
import {
  type BackendConfigInput,
  Backends,
  backendConfigSchema,
  type ResponseCache,
} from '../../src/backends/index.js';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { guardedFetch, type ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';

const registry = createRegistry();

/** An OpenAI chat completion whose message is `content`. */
export function chat(content: string | null, finish = 'stop'): unknown {
  return {
    id: 'chatcmpl-j',
    object: 'chat.completion',
    model: 'judge',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

/** All the text of a request's messages, joined. */
export const asked = (req: SeenRequest): string =>
  (req.body.messages ?? []).map((m: { content: unknown }) => textOf(m.content)).join('\n');

/** A message's text: string content, or its text parts joined (image parts carry none). */
export const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((p: { type?: string; text?: string }) => (p.type === 'text' ? (p.text ?? '') : '')).join('\n')
      : '';

export function judgeBackends(
  server: ScriptedServer,
  refused: string[],
  config: Partial<BackendConfigInput> = {},
  cache?: ResponseCache,
): Backends {
  return new Backends({
    configs: {
      default: backendConfigSchema.parse({
        baseUrl: `${server.url}/v1`,
        model: 'judge',
        retries: 0,
        backoffMs: 1,
        ...config,
      }),
    },
    fetch: guardedFetch(() => [server.url], refused),
    cache,
  });
}

export async function score(node: NodeSpec, samples: Sample[], backends: Backends) {
  const root = compileNode(node, registry, { file: 'test' });
  return new Runner({ services: { backends } }).score(root, samples);
}

/** Pairwise: the first slot wins when it says 42 (so verdicts stay consistent when the order swaps). */
const firstSays42 = (text: string) => /id="(?:A|1)">\n[^<]*42/.test(text);

/** A well-formed verdict for whichever template asked. */
export function anyVerdict(req: SeenRequest) {
  const text = asked(req);
  const last = textOf(req.body.messages.at(-1)?.content);
  const ab = firstSays42(text) ? 'A' : 'B';
  if (text.includes('<answer>[[A]]</answer> if Chatbot A'))
    return { body: chat(`<eval>x</eval><answer>[[${ab}]]</answer>`) };
  if (last.includes('Turn 1.') && req.body.messages.length === 2)
    return { body: chat('Criteria: accuracy\nHypothesis A: ok\nHypothesis B: ok') };
  if (last.startsWith('Turn 2.')) return { body: chat(`It holds up. [[${ab}]]`) };
  if (text.includes('[[1]] if Action 1')) return { body: chat(`Better. [[${ab === 'A' ? 1 : 2}]]`) };
  if (text.includes('"verdict": "A" | "B" | "tie"')) return { body: chat(`{"verdict": "${ab}"}`) };
  if (text.includes('<reference>')) return { body: chat('{"verdict": "correct"}') };
  if (text.includes('<criterion>')) return { body: chat('{"met": true}') };
  const models = [...new Set(text.match(/model-\d+/g) ?? [])].filter((m) => text.includes(`id="${m}"`));
  if (models.length)
    return { body: chat(JSON.stringify({ scores: Object.fromEntries(models.map((m, i) => [m, 1 + (i % 5)])) })) };
  const rs = [...new Set(text.match(/id="r\d+"/g) ?? [])].map((m) => m.slice(4, -1));
  if (rs.length) return { body: chat(JSON.stringify({ scores: rs.map((id, i) => ({ id, score: i / rs.length })) })) };
  if (text.includes('Write a short critique'))
    return { body: chat(req.body.messages.length > 2 ? '{"rating": 6}' : 'Fine.') };
  return { body: chat('{"reasoning": "ok", "rating": 6}') };
}
