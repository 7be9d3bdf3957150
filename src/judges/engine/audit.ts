// Auditing a judge against the master keys (One Token to Fool LLM-as-a-Judge, Zhao et al. 2025, §5 of
// paper-methods.md): how often does it accept a response with nothing in it?
import type { Runner } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';
import keysJson from '../data/master-keys.json' with { type: 'json' };

/** The keys the paper publishes, each used as the whole response. */
export const MASTER_KEYS: readonly string[] = keysJson.published;

export interface KeyAudit {
  /** Share of scored samples the judge accepted (score ≥ threshold): the false-positive rate. */
  fpr: number;
  scored: number;
  accepted: number;
  /** Samples the judge did not score (errors, unscorable): not counted in the rate. */
  failed: number;
}

/**
 * Scores every (prompt, reference) of `dataset` with each key as the response and reports the false-positive
 * rate per key. Compile the judge with `screen: false` to audit the model itself (with screening on, every
 * key scores the minimum without a call, so the rate is 0 by construction).
 *
 * @example
 * const report = await masterKeyAudit(runner, compileNode({ kind: 'judge-verifier', params: { screen: false } }, registry), rows);
 * report[':'].fpr; // e.g. 0.35 for a judge that says YES to a colon a third of the time
 */
export async function masterKeyAudit(
  runner: Runner,
  judge: CompiledNode,
  dataset: ReadonlyArray<Pick<Sample, 'prompt' | 'reference'>>,
  options: { keys?: readonly string[]; threshold?: number } = {},
): Promise<Record<string, KeyAudit>> {
  const keys = options.keys ?? MASTER_KEYS;
  const threshold = options.threshold ?? 0.5;
  const samples: Sample[] = keys.flatMap((key) =>
    dataset.map((row, i) => ({ id: `${i}`, prompt: row.prompt, reference: row.reference, response: key })),
  );
  const results = await runner.score(judge, samples);
  const out: Record<string, KeyAudit> = {};
  keys.forEach((key, k) => {
    const slice = results.slice(k * dataset.length, (k + 1) * dataset.length);
    const scored = slice.filter((r) => r.status === 'scored');
    const accepted = scored.filter((r) => (r.score as number) >= threshold).length;
    out[key] = {
      fpr: scored.length ? accepted / scored.length : 0,
      scored: scored.length,
      accepted,
      failed: slice.length - scored.length,
    };
  });
  return out;
}

/**
 * The paper's augmentation (Master-RM): a response cut to its first sentence, a NO-labelled negative.
 * First sentence: up to the first `.!?` followed by whitespace or the end, or `。！？` (no spaces in CJK text), or
 * the first newline, whichever comes first (closest reading, paper-methods.md §5).
 */
export function truncateToFirstSentence(response: string): string {
  const text = response.trimStart();
  const m = /[.!?](?=\s|$)|[。！？]|\n/.exec(text);
  if (!m) return text;
  return m[0] === '\n' ? text.slice(0, m.index) : text.slice(0, m.index + 1);
}
