// The contract every benchmark suite meets: read its published rows, turn candidate scores into row outcomes,
// and aggregate outcomes into subset scores and a headline by the benchmark's own formula.
import type { Message } from '../core/types.js';
import type { SourcedRow } from './data/read-rows.js';

export type Prompt = string | Message[];

/** `pointwise`: every candidate scored alone (scalar RMs, rules, group judges). `pairwise`: one judge call per pair. */
export type Mode = 'pointwise' | 'pairwise';

/** One benchmark row, ready to score. */
export interface BenchItem<L = unknown> {
  /** Unique in the run (the row id, else its position). */
  key: string;
  where: string;
  subset: string;
  prompt: Prompt;
  /** Responses, each scored alone in pointwise mode; in pairwise mode exactly [better, worse]. */
  candidates: string[];
  /** Which candidates are the labelled good ones (for score distributions and length baselines). */
  roles: Array<'chosen' | 'rejected'>;
  /** Step-level suites: the steps of the single candidate (its response is them joined by the separator). */
  steps?: string[];
  /** Step-level suites: which steps are labelled valid (chosen) or wrong (rejected); null where unlabelled. */
  stepRoles?: Array<'chosen' | 'rejected' | null>;
  label: L;
  /** Row fields the layout does not read; they reach the reward as sample metadata. */
  extra: Record<string, unknown>;
}

/** What the scorer produced for one candidate: a score, and per-step scores when the reward gives them. */
export interface CandidateScore {
  score: number;
  steps?: number[] | undefined;
}

/** A row's outcome: its credit in [0, 1] (overall and macro accuracy, paired tests) and the suite's own unit. */
export interface RowOutcome<U = unknown> {
  credit: number;
  unit: U;
}

/** Knobs every suite may read (step-level suites: the validity threshold and the step separator). */
export interface SuiteOptions {
  /** A step is valid when its score is above this (ProcessBench, PRMBench: 0.5). */
  threshold: number;
  /** Steps are joined with this into the response a step-level reward reads. */
  separator: string;
}

export const DEFAULT_SUITE_OPTIONS: SuiteOptions = { threshold: 0.5, separator: '\n\n' };

export interface Suite<L = unknown, U = unknown> {
  name: string;
  description: string;
  /** The paper and reference code the formulas follow. */
  source: string;
  /** The row fields read, one line. */
  layout: string;
  /** Needs per-step scores (ProcessBench, PRMBench); length baselines do not apply. */
  stepLevel: boolean;
  /** Every row is one better/worse pair, so a pairwise judge can score it. */
  pairwise: boolean;
  parse(rows: readonly SourcedRow[]): Array<BenchItem<L>>;
  /** `scores` is null when a candidate could not be scored: the suite says what such a row earns. */
  outcome(item: BenchItem<L>, scores: readonly CandidateScore[] | null, mode: Mode): RowOutcome<U>;
  /** A subset's score from its rows' units (the statistic bootstrapped for its interval). */
  subsetScore(units: readonly U[]): number | null;
  /** The headline (and any extra numbers) from every subset's units. */
  headline(bySubset: Readonly<Record<string, readonly U[]>>): { score: number | null; extra?: Record<string, unknown> };
}

/** A suite built for the run's options. */
export type SuiteFactory = (options: SuiteOptions) => Suite<any, any>;

/** Mean of the units' credit, the subset score of plain-accuracy benchmarks. */
export const meanCredit = (units: readonly { credit: number }[]): number | null =>
  units.length === 0 ? null : units.reduce((a, u) => a + u.credit, 0) / units.length;

/** Unweighted mean of the subset scores that exist. */
export function meanOfSubsets<U>(
  bySubset: Readonly<Record<string, readonly U[]>>,
  score: (units: readonly U[]) => number | null,
): number | null {
  const xs = Object.values(bySubset)
    .map(score)
    .filter((x): x is number => x !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Every unit of every subset, pooled. */
export const pooled = <U>(bySubset: Readonly<Record<string, readonly U[]>>): U[] => Object.values(bySubset).flat();
