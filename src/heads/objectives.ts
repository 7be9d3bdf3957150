// What each training objective reads from a pair, and which pairs it cannot use (reported, never dropped silently).

/** Losses a head can be trained with (docs/preference.md lists their sources). */
export const OBJECTIVES = ['bt', 'margin', 'scaled', 'ties', 'smoothed', 'ordinal', 'pal', 'regression'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** One preference pair as feature vectors, with what the pair's layout carried. */
export interface PairExample {
  chosen: Float64Array;
  rejected: Float64Array;
  /** Equal quality (SoliReward tie pairs; HelpSteer2-Preference strength 0). */
  tie?: boolean;
  /** Margin m for margin BT (OpenRLHF `margin`, or the ensemble strength μ̂ from `data strength`). */
  margin?: number;
  /** Preference magnitude |strength| ∈ {1,2,3} for scaled BT. */
  magnitude?: number;
  /** Index of the annotator, for the PAL mixture. */
  user?: number;
}

/** One rated response (HelpSteer2 attributes) as a feature vector and its targets. */
export interface RatedExample {
  x: Float64Array;
  targets: number[];
}

/** Why a pair cannot train this objective, or undefined when it can. */
export function unusableReason(ex: PairExample, objective: Objective): string | undefined {
  if (objective === 'regression') return 'regression trains on rated responses, not pairs';
  if (objective === 'ties') return undefined;
  if (ex.tie) return `tie pair: objective "${objective}" has no tie term (use --objective ties)`;
  if (objective === 'margin' && (ex.margin === undefined || !Number.isFinite(ex.margin)))
    return 'no margin on the pair (margin BT needs one: run data strength or data fix --mode margin)';
  if (objective === 'scaled' && !(ex.magnitude !== undefined && ex.magnitude > 0))
    return 'no preference magnitude on the pair (scaled BT needs |strength| > 0)';
  if (objective === 'pal' && ex.user === undefined) return 'no annotator id on the pair (PAL needs one per pair)';
  return undefined;
}

/** Number of network outputs an objective needs. */
export function outputsOf(objective: Objective, o: { levels: number; palDim: number; attributes: number }): number {
  if (objective === 'ordinal') return o.levels;
  if (objective === 'pal') return o.palDim;
  if (objective === 'regression') return o.attributes;
  return 1;
}
