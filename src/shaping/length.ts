// Length-based penalties (overlong shaping) and how the length of a response is measured.
import { z } from 'zod';
import { unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import type { Sample } from '../core/types.js';
import { ENCODINGS, type EncodingName, tokenCounter } from '../rewards/token-count.js';
import { type Read, readNumber } from './node.js';

/** verl DAPO (verl/workers/reward_manager/dapo.py): min(−(L − (Lmax − buffer))/buffer · factor, 0); not capped. */
export function dapoOverlong(length: number, maxLength: number, buffer: number, factor: number): number {
  const exceed = length - (maxLength - buffer);
  return Math.min((-exceed / buffer) * factor, 0) + 0; // + 0 turns −0 into 0
}

/** OpenRLHF (ppo_utils/length_penalty.py): exceed = min(L − (Lmax − buffer), buffer); −exceed/buffer · factor if > 0. */
export function openrlhfOverlong(length: number, maxLength: number, buffer: number, factor: number): number {
  const exceed = Math.min(length - (maxLength - buffer), buffer);
  return exceed > 0 ? (-exceed / buffer) * factor : 0;
}

/** TRL get_soft_overlong_punishment (DAPO paper eq. 13): 0, then (Lmax − cache − L)/cache, then −1 past Lmax. */
export function trlSoftOverlong(length: number, maxLength: number, cache: number): number {
  if (length <= maxLength - cache) return 0;
  if (length <= maxLength) return (maxLength - cache - length) / cache;
  return -1;
}

/** Target-relative penalty, a reconstruction of HARMO's generalised length penalty: −λ·max(0, (L − T)/T)^p. */
export function targetLengthPenalty(length: number, target: number, lambda: number, power: number): number {
  return -lambda * Math.max(0, (length - target) / target) ** power + 0;
}

export const lengthUnit = {
  unit: z
    .enum(['chars', 'tokens'])
    .default('tokens')
    .describe('count Unicode characters, or tokens (metadata.response_tokens, else `tokenizer`)'),
  tokenizer: z.enum(ENCODINGS).optional().describe('tiktoken encoding used when metadata.response_tokens is absent'),
};

/** Number of Unicode code points (a surrogate pair is one character). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The response length in the configured unit; tokens come from the trainer when it supplies them. */
export async function responseLength(
  sample: Sample,
  p: { unit: 'chars' | 'tokens'; tokenizer?: EncodingName | undefined },
): Promise<Read<number>> {
  if (p.unit === 'chars') return { ok: true, value: codePointLength(responseText(sample)) };
  if (sample.metadata?.response_tokens !== undefined) return readNumber(sample, 'response_tokens');
  if (!p.tokenizer) {
    return {
      ok: false,
      result: unscorable('missing-input', 'unit is tokens: set metadata.response_tokens or params.tokenizer'),
    };
  }
  const counter = await tokenCounter(p.tokenizer);
  return { ok: true, value: counter.count(responseText(sample)) };
}
