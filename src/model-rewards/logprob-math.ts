import { malformed, type TokenLogprob } from '../backends/index.js';

/** Where the rating digit is: the first generated token that is not only whitespace. */
function ratingPosition(tokens: readonly TokenLogprob[]): TokenLogprob | undefined {
  return tokens.find((t) => t.token.trim() !== '') ?? tokens[0];
}

/**
 * The distribution over rating labels read from one position's top log-probs (OPRM §3, G-Eval §2.3):
 * each label's probability is the sum over tokens that are the label up to whitespace, then all are
 * renormalised. `mass` is the probability the model put on labels before renormalising.
 */
export function ratingDistribution(
  backend: string,
  tokens: readonly TokenLogprob[],
  labels: readonly string[],
): { p: number[]; mass: number } {
  const at = ratingPosition(tokens);
  if (!at) throw malformed(backend, 'no generated token to read a rating from');
  const raw = new Array<number>(labels.length).fill(0);
  let sawChosen = false;
  const add = (token: string, logprob: number): void => {
    const k = labels.indexOf(token.length === 1 ? token : token.trim());
    if (k >= 0) raw[k] = (raw[k] as number) + Math.exp(logprob);
  };
  for (const t of at.top) {
    if (t.token === at.token) sawChosen = true;
    add(t.token, t.logprob);
  }
  // The chosen token counts too when the server left it out of its alternatives.
  if (!sawChosen && at.logprob !== null) add(at.token, at.logprob);
  const mass = raw.reduce((a, b) => a + b, 0);
  if (mass <= 0) throw malformed(backend, `no rating token (${labels.join(', ')}) among the top log-probs`);
  return { p: raw.map((x) => x / mass), mass };
}

/** Expectation, variance and entropy (nats) of a distribution over the values `values`. */
export function moments(p: readonly number[], values: readonly number[]) {
  const mean = p.reduce((a, pi, i) => a + pi * (values[i] as number), 0);
  const variance = p.reduce((a, pi, i) => a + pi * ((values[i] as number) - mean) ** 2, 0);
  const entropy = -p.reduce((a, pi) => (pi > 0 ? a + pi * Math.log(pi) : a), 0);
  return { mean, variance, entropy };
}

/**
 * OPRM (Chen et al. 2026, closed form): P(c ≻ r) = Σ_{i>j} p_c(i)·p_r(j) for independent ordinals;
 * `half` adds ½·P(tie). Also returns P(tie) = Σ_i p_c(i)·p_r(i).
 */
export function preferenceProbability(
  pc: readonly number[],
  pr: readonly number[],
  tieMode: 'strict' | 'half',
): { win: number; tie: number } {
  let win = 0;
  let tie = 0;
  for (let i = 0; i < pc.length; i++) {
    for (let j = 0; j < pr.length; j++) {
      const joint = (pc[i] as number) * (pr[j] as number);
      if (i > j) win += joint;
      else if (i === j) tie += joint;
    }
  }
  return { win: tieMode === 'half' ? win + tie / 2 : win, tie };
}

/**
 * Log-probs of the tokens overlapping [start, end) of a text of length `length`. Offsets come from the
 * server (`text_offset`) or, when absent, from token lengths counted back from the end of the text
 * (vLLM `prompt_logprobs`, whose first entry has no token).
 */
export function spanLogprobs(
  backend: string,
  tokens: readonly TokenLogprob[],
  start: number,
  end: number,
  length: number,
): { tokens: string[]; logprobs: number[]; starts: number[] } {
  const starts = new Array<number>(tokens.length);
  if (tokens.every((t) => t.offset !== undefined)) {
    tokens.forEach((t, i) => {
      starts[i] = t.offset as number;
    });
  } else {
    let at = length;
    for (let i = tokens.length - 1; i >= 0; i--) {
      at -= (tokens[i] as TokenLogprob).token.length;
      starts[i] = at;
    }
  }
  const out = { tokens: [] as string[], logprobs: [] as number[], starts: [] as number[] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as TokenLogprob;
    const s = starts[i] as number;
    const e = i + 1 < tokens.length ? (starts[i + 1] as number) : s + t.token.length;
    if (s >= length) break; // generated tokens after an echoed prompt
    if (e <= start || s >= end) continue;
    if (t.logprob === null) throw malformed(backend, `token ${i} inside the scored span has no log-prob`);
    out.tokens.push(t.token);
    out.logprobs.push(t.logprob);
    out.starts.push(s);
  }
  if (out.logprobs.length === 0) throw malformed(backend, 'no prompt token with a log-prob covers the scored text');
  return out;
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
