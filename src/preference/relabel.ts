// Reward-augmented data and MM-RLHF dynamic reward scaling: per-pair DPO inputs from judge or RM scores.
import { z } from 'zod';
import templatesJson from './data/relabel-templates.json' with { type: 'json' };

const templates = z.record(z.string(), z.string().includes('{score}'));
let parsed: Record<string, string> | undefined;

/** Score-conditioning templates (data file), validated on first use. Keys: `suffix`, … */
export function relabelTemplates(): Record<string, string> {
  if (parsed) return parsed;
  const r = templates.safeParse(templatesJson);
  if (!r.success)
    throw new Error(`relabel-templates.json: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
  return (parsed = r.data);
}

/** The goal-conditioned instruction for a score: the template with {score} and {max} filled in. */
export function conditionText(template: string, score: number, max: number): string {
  return template.replaceAll('{score}', formatScore(score)).replaceAll('{max}', formatScore(max));
}

const formatScore = (s: number) =>
  Number.isInteger(s) ? String(s) : s.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');

/** Dynamic reward scaling constants; every default is a reconstruction (notes section 17: from memory). */
export interface DrsOptions {
  betaOri: number;
  w: number;
  k: number;
}

export const DRS_DEFAULTS: DrsOptions = { betaOri: 0.1, w: 0.5, k: 0.5 };

// MM-RLHF (arXiv 2502.10391) DRS: β(δ) = β_ori·(1 + w·(1 − e^{−k·δ})), δ = r(y_w) − r(y_l) clamped at 0 (reconstruction).
export function drsBeta(delta: number, o: DrsOptions = DRS_DEFAULTS): number {
  const d = Math.max(0, delta);
  return o.betaOri * (1 + o.w * (1 - Math.exp(-o.k * d)));
}
