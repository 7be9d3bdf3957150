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
  (req.body.messages ?? []).map((m: { content: string }) => m.content).join('\n');

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
