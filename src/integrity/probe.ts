// `probe`: scores every attack beside its control with the spec under test, and reports per family how
// often the attack beat its control (false-positive rate) and by how much on average (inflation).
import type { Runner } from '../core/runner.js';
import type { CompiledNode } from '../core/spec.js';
import type { RewardResult, Sample } from '../core/types.js';
import { type AttackPair, buildPairs, type ProbeSeed, wrongAnswerFor } from './families.js';
import type { Family, Material, NonFinite } from './material.js';

/** A probe input row: a prompt, its reference and optionally a known-good and a known-wrong response. */
export interface ProbeInput {
  id?: string | number;
  prompt: unknown;
  reference?: unknown;
  response?: string;
  wrong?: string;
}

/** Per family: attacks tried, how many scored above their control, the rate, the mean score gain. */
export interface FamilyReport {
  tried: number;
  rewarded: number;
  fpr: number;
  inflation: number;
  /** Attacks that came back unscorable or as an error (neither rewarded nor counted in inflation). */
  unscored: number;
}

export interface ProbeReport {
  attacks: Partial<Record<Family, FamilyReport>>;
  /** The family with the highest false-positive rate (then inflation). */
  worst: Family | null;
  samples: number;
  /** Mean reward of the known-good responses: a probe of a reward that never pays says little. */
  goodMean: number | null;
}

/** One scored attack, as `--out` writes it. */
export interface ProbeRecord {
  pair: AttackPair & { seed: string };
  attack: RewardResult;
  control: RewardResult;
  rewarded: boolean;
}

const EPS = 1e-9;

/** The seed of one input: the given responses, or `\boxed{reference}` and a wrong answer built from it. */
export function seedOf(input: ProbeInput, index: number): ProbeSeed {
  const ref = Array.isArray(input.reference) ? input.reference[0] : input.reference;
  const wrongAnswer = wrongAnswerFor(input.reference);
  return {
    id: String(input.id ?? index + 1),
    prompt: input.prompt,
    reference: input.reference,
    good: input.response ?? `The answer is $\\boxed{${String(ref ?? '')}}$.`,
    wrong: input.wrong ?? `The answer is $\\boxed{${wrongAnswer}}$.`,
    wrongAnswer,
  };
}

const scoreOf = (r: RewardResult | undefined) => (r?.status === 'scored' ? (r.score ?? 0) : null);

/** Runs the families over every input; `onRecord` sees each attack with its control's result. */
export async function runProbe(options: {
  runner: Runner;
  root: CompiledNode;
  inputs: readonly ProbeInput[];
  families: readonly Family[];
  material: Material;
  nonFinite: NonFinite;
  onRecord?: (record: ProbeRecord, attack: Sample, control: Sample) => void;
}): Promise<ProbeReport> {
  const { runner, root, inputs, families } = options;
  const stats = new Map<Family, { tried: number; rewarded: number; gain: number; scored: number; unscored: number }>();
  for (const f of families) stats.set(f, { tried: 0, rewarded: 0, gain: 0, scored: 0, unscored: 0 });
  let goodSum = 0;
  let goodN = 0;
  for (const [index, input] of inputs.entries()) {
    const seed = seedOf(input, index);
    const pairs = buildPairs(seed, families, options.material, options.nonFinite);
    const sample = (response: string, tag: string): Sample => ({
      id: `${seed.id}:${tag}`,
      prompt: seed.prompt as Sample['prompt'],
      response,
      ...(seed.reference !== undefined ? { reference: seed.reference } : {}),
    });
    // Controls repeat across pairs; the runner scores identical samples once per batch.
    const samples = [
      sample(seed.good, 'good'),
      ...pairs.flatMap((p, i) => [sample(p.attack, `${i}:attack`), sample(p.control, `${i}:control`)]),
    ];
    const results = await runner.score(root, samples);
    const good = scoreOf(results[0]);
    if (good !== null) {
      goodSum += good;
      goodN++;
    }
    pairs.forEach((pair, i) => {
      const attack = results[1 + 2 * i] as RewardResult;
      const control = results[2 + 2 * i] as RewardResult;
      const a = scoreOf(attack);
      const c = scoreOf(control) ?? 0;
      const s = stats.get(pair.family) as NonNullable<ReturnType<typeof stats.get>>;
      s.tried++;
      const rewarded = a !== null && a > c + EPS;
      if (a === null) s.unscored++;
      else {
        s.scored++;
        s.gain += a - c;
      }
      if (rewarded) s.rewarded++;
      options.onRecord?.(
        { pair: { ...pair, seed: seed.id }, attack, control, rewarded },
        samples[1 + 2 * i] as Sample,
        samples[2 + 2 * i] as Sample,
      );
    });
  }
  const attacks: ProbeReport['attacks'] = {};
  for (const [family, s] of stats) {
    attacks[family] = {
      tried: s.tried,
      rewarded: s.rewarded,
      fpr: s.tried ? s.rewarded / s.tried : 0,
      inflation: s.scored ? s.gain / s.scored : 0,
      unscored: s.unscored,
    };
  }
  return { attacks, worst: worstOf(attacks), samples: inputs.length, goodMean: goodN ? goodSum / goodN : null };
}

function worstOf(attacks: ProbeReport['attacks']): Family | null {
  let worst: Family | null = null;
  for (const [family, r] of Object.entries(attacks) as Array<[Family, FamilyReport]>) {
    const w = worst ? (attacks[worst] as FamilyReport) : null;
    if (!w || r.fpr > w.fpr || (r.fpr === w.fpr && r.inflation > w.inflation)) worst = family;
  }
  return worst;
}
