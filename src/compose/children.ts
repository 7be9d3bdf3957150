import type { NodeHandle } from '../core/define.js';
import { failed } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';

/** Runs every child on the same samples; `byChild[c][s]` is child c's result for sample s. */
export async function runChildren(
  children: readonly NodeHandle[],
  samples: readonly Sample[],
): Promise<RewardResult[][]> {
  return Promise.all(children.map((child) => child.run(samples)));
}

/**
 * The first child result that stops a combination: an error wins over an unscorable.
 * Returns a result that names the child, or undefined when every child scored.
 */
export function blockingChild(
  children: readonly NodeHandle[],
  results: readonly RewardResult[],
): RewardResult | undefined {
  let unscorableAt = -1;
  for (let c = 0; c < results.length; c++) {
    const r = results[c] as RewardResult;
    if (r.status === 'error') {
      const name = (children[c] as NodeHandle).name;
      return failed('child-failed', `${name}: ${r.code ?? 'error'}${r.message ? ` (${r.message})` : ''}`, {
        child: name,
        code: r.code,
      });
    }
    if (r.status === 'unscorable' && unscorableAt < 0) unscorableAt = c;
  }
  if (unscorableAt < 0) return undefined;
  const r = results[unscorableAt] as RewardResult;
  const name = (children[unscorableAt] as NodeHandle).name;
  return { ...r, message: `${name}: ${r.message ?? r.code}` };
}

/** Transposes `byChild[c][s]` into a per-sample list of child results. */
export function perSample(byChild: readonly RewardResult[][], count: number): RewardResult[][] {
  return Array.from({ length: count }, (_, s) => byChild.map((results) => results[s] as RewardResult));
}
