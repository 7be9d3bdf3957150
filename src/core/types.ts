import type { Code } from './codes.js';
import type { ContentPart } from './images.js';

/** A chat message; tool calls follow the OpenAI shape so agent trajectories fit. */
export interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {});
  /** A string, or OpenAI content parts: text and `image_url` (text-only rewards read the text parts alone). */
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: Array<{
    id?: string;
    type?: string;
    function: { name: string; arguments: string | Record<string, unknown> };
  }>;
  tool_call_id?: string;
  /** Reasoning a chat template split off the content (transformers' parse_response, vLLM's reasoning parser). */
  reasoning_content?: string | null;
  /** The same, as some templates name it. */
  thinking?: string | null;
}

/** One thing to score: a prompt, the model's response and, for most rewards, a reference. */
export interface Sample {
  id?: string | number;
  prompt: string | Message[];
  response: string | Message[];
  reference?: unknown;
  /** Rollouts of one prompt share a group id; group-level shaping reads it. */
  group?: string | number;
  /** Step-level inputs (PRM scores per step) for step rewards. */
  steps?: number[];
  metadata?: Record<string, unknown>;
}

export type Status = 'scored' | 'unscorable' | 'error';

/** What one reward node produced for one sample. Plain data: it survives a JSON round trip. */
export interface RewardResult {
  status: Status;
  score?: number;
  /** Score of every node in the tree, keyed by its path of names (`format`, `sum.exact-match`). */
  components?: Record<string, number | null>;
  steps?: number[];
  details?: Record<string, unknown>;
  code?: Code;
  message?: string;
}
