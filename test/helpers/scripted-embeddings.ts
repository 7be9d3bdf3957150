// An OpenAI-compatible /v1/embeddings answer for the scripted server: a bag-of-words text embedding where each
// word is a fixed pseudo-random unit direction (synonyms share one), so cosine similarity tracks word overlap.
import { Backends, backendConfigSchema } from '../../src/backends/index.js';
import { guardedFetch, type ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';

export const DIM = 32;
const SYNONYMS: Record<string, string> = { puppy: 'dog', sprints: 'runs', shore: 'beach' };

function wordVector(word: string): number[] {
  let h = 2166136261;
  for (const c of SYNONYMS[word] ?? word) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const v: number[] = [];
  for (let i = 0; i < DIM; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    v.push((h / 2 ** 32) * 2 - 1);
  }
  return v;
}

/** The scripted embedding of a text: the sum of its words' directions. */
export function textEmbedding(text: string): number[] {
  const out = new Array<number>(DIM).fill(0);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []) {
    const v = wordVector(w);
    for (let i = 0; i < DIM; i++) out[i] = (out[i] as number) + (v[i] as number);
  }
  return out.some((x) => x !== 0) ? out : [1, ...new Array<number>(DIM - 1).fill(0)];
}

/** Script step: answers /v1/embeddings, leaves every other request unplanned. */
export function embeddingsReply(req: SeenRequest) {
  if (req.path !== '/v1/embeddings') return undefined;
  const input: string[] = req.body.input;
  return {
    body: {
      object: 'list',
      data: input.map((t, index) => ({ object: 'embedding', index, embedding: textEmbedding(t) })),
    },
  };
}

/**
 * Like `embeddingsReply`, and answers image requests too (vLLM's chat form: `messages` with one `image_url` part),
 * embedding an image as the text `captions` gives its URL; an image of another URL is unplanned.
 */
export function imageEmbeddingsReply(captions: Readonly<Record<string, string>>) {
  return (req: SeenRequest) => {
    if (req.path !== '/v1/embeddings' || req.body.messages === undefined) return embeddingsReply(req);
    const parts: Array<{ type: string; image_url?: { url?: string } }> = req.body.messages[0]?.content ?? [];
    const url = parts.find((p) => p.type === 'image_url')?.image_url?.url;
    const caption = url === undefined ? undefined : captions[url];
    if (caption === undefined) return undefined;
    return { body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: textEmbedding(caption) }] } };
  };
}

/** A hub with one OpenAI embeddings backend `embed` on the scripted server (guarded: nothing else is reachable). */
export function embedBackends(server: ScriptedServer, refused: string[]): Backends {
  return new Backends({
    configs: {
      embed: backendConfigSchema.parse({ baseUrl: `${server.url}/v1`, model: 'emb', retries: 0, backoffMs: 1 }),
    },
    fetch: guardedFetch(() => [server.url], refused),
  });
}
