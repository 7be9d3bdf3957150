import type { BackendConfig } from './config.js';
import { malformed } from './failure.js';
import { fillTemplate, resolvePointer } from './json-pointer.js';
import type { ChatMessage } from './openai.js';

/** What a scalar reward model scores: the conversation, and the same as text for routes that take text. */
export interface ScalarInput {
  messages: ChatMessage[];
  prompt: string;
  response: string;
  /** The conversation rendered as one string (for routes that take text rather than messages). */
  text: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The request body each scalar route expects. */
export function scalarBody(config: BackendConfig, input: ScalarInput): unknown {
  const model = config.model ? { model: config.model } : {};
  switch (config.api) {
    case 'vllm-pooling':
      return { ...model, messages: input.messages };
    case 'vllm-classify':
      return { ...model, input: input.text };
    case 'vllm-score':
      return { ...model, text_1: input.prompt, text_2: input.response };
    case 'sglang-reward':
      return { ...model, text: input.text };
    case 'tei-predict':
      return { inputs: input.text, raw_scores: true };
    case 'tei-rerank':
      return { query: input.prompt, texts: [input.response], raw_scores: true };
    case 'http-json':
      return fillTemplate(config.request, { ...input, model: config.model ?? '' });
    default:
      throw new Error(`api "${config.api}" is not a scalar reward-model route`);
  }
}

function at(backend: string, value: unknown, index: number, what: string): number {
  if (!Array.isArray(value)) throw malformed(backend, `${what} is not an array`);
  const v = value[index];
  if (!isFiniteNumber(v)) throw malformed(backend, `${what}[${index}] is not a finite number`);
  return v;
}

/** Reads the score from each route's reply shape (shapes from vLLM, SGLang and TEI docs; see test fixtures). */
export function parseScalar(backend: string, config: BackendConfig, json: unknown): number {
  const k = config.classIndex;
  switch (config.api) {
    case 'vllm-pooling': {
      // {data: [{index, object: "pooling", data: [score] | [[score per class] per token]}]}
      const item = isObject(json) && Array.isArray(json.data) ? json.data[0] : undefined;
      if (!isObject(item)) throw malformed(backend, 'the reply has no data[0]');
      const data = item.data;
      if (isFiniteNumber(data)) return data;
      if (Array.isArray(data) && Array.isArray(data.at(-1))) return at(backend, data.at(-1), k, 'data[0].data[-1]');
      return at(backend, data, k, 'data[0].data');
    }
    case 'vllm-classify': {
      // {data: [{index, label, probs: [...], num_classes}]}
      const item = isObject(json) && Array.isArray(json.data) ? json.data[0] : undefined;
      if (!isObject(item)) throw malformed(backend, 'the reply has no data[0]');
      return at(backend, item.probs, k, 'data[0].probs');
    }
    case 'vllm-score': {
      // {data: [{index, object: "score", score}]}
      const item = isObject(json) && Array.isArray(json.data) ? json.data[0] : undefined;
      if (!isObject(item) || !isFiniteNumber(item.score)) throw malformed(backend, 'data[0].score is missing');
      return item.score;
    }
    case 'sglang-reward': {
      // [{embedding: [score], meta_info: {...}}] (one entry per text; an object for a single text)
      const item = Array.isArray(json) ? json[0] : json;
      if (!isObject(item)) throw malformed(backend, 'the reply has no [0].embedding');
      return at(backend, item.embedding, k, '[0].embedding');
    }
    case 'tei-predict': {
      // [{score, label}, ...] sorted by score (or [[...]] for a batch of one)
      const list = Array.isArray(json) && Array.isArray(json[0]) ? json[0] : json;
      if (!Array.isArray(list) || list.length === 0) throw malformed(backend, 'the reply is not a list of predictions');
      const pick =
        config.label !== undefined
          ? list.find((p) => isObject(p) && p.label === config.label)
          : list.length === 1
            ? list[0]
            : undefined;
      if (pick === undefined) {
        const why =
          config.label !== undefined ? `no prediction has label "${config.label}"` : 'several labels came back';
        throw malformed(backend, `${why}; set "label" in the backend config`);
      }
      if (!isObject(pick) || !isFiniteNumber(pick.score)) throw malformed(backend, 'the prediction has no score');
      return pick.score;
    }
    case 'tei-rerank': {
      // [{index, score}] sorted by score
      const item = Array.isArray(json) ? json.find((r) => isObject(r) && r.index === 0) : undefined;
      if (!isObject(item) || !isFiniteNumber(item.score)) throw malformed(backend, 'no rank with index 0 and a score');
      return item.score;
    }
    case 'http-json': {
      const v = resolvePointer(json, config.scorePointer ?? '');
      if (!isFiniteNumber(v)) throw malformed(backend, `nothing numeric at ${config.scorePointer}`);
      return v;
    }
    default:
      throw new Error(`api "${config.api}" is not a scalar reward-model route`);
  }
}

/** Embedding request bodies: OpenAI `/embeddings` and TEI `/embed`. */
export function embedBody(config: BackendConfig, texts: string[]): unknown {
  if (config.api === 'tei-embed') return { inputs: texts };
  return { ...(config.model ? { model: config.model } : {}), input: texts };
}

/** An image to embed: its http(s) or data URL, and optionally an instruction sent beside it (VLM2Vec-style models). */
export interface EmbedImage {
  image: string;
  text?: string;
}

/** One image embedding request in vLLM's chat form of `/v1/embeddings` (`messages` with an `image_url` part). */
export function embedImageBody(config: BackendConfig, input: EmbedImage): unknown {
  const content: unknown[] = [{ type: 'image_url', image_url: { url: input.image } }];
  if (input.text !== undefined) content.push({ type: 'text', text: input.text });
  return {
    ...(config.model ? { model: config.model } : {}),
    messages: [{ role: 'user', content }],
    encoding_format: 'float',
  };
}

export function parseEmbeddings(backend: string, config: BackendConfig, json: unknown, n: number): number[][] {
  let rows: unknown[];
  if (config.api === 'tei-embed') {
    if (!Array.isArray(json)) throw malformed(backend, 'the reply is not a list of vectors');
    rows = json;
  } else {
    if (!isObject(json) || !Array.isArray(json.data)) throw malformed(backend, 'the reply has no data[]');
    const sorted = [...json.data].sort((a, b) => (isObject(a) && isObject(b) ? Number(a.index) - Number(b.index) : 0));
    rows = sorted.map((d) => (isObject(d) ? d.embedding : undefined));
  }
  if (rows.length !== n) throw malformed(backend, `asked for ${n} embeddings, got ${rows.length}`);
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.length === 0 || !row.every(isFiniteNumber)) {
      throw malformed(backend, `embedding ${i} is not a list of numbers`);
    }
    return row as number[];
  });
}
