// The JSON the dashboard endpoints answer (docs/dashboard.md); the browser client imports these types too.

/** Counts keyed by a label (a status, a code). */
export type Counts = Record<string, number>;

/** Summary of a set of numbers; null fields when the set is empty. */
export interface Stats {
  n: number;
  mean: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** The time window an answer covers (epoch ms; `until` exclusive) and how much of it was read. */
export interface Window {
  since: number;
  until: number;
  /** Rows read from the trace store; at most `cap`, the newest first. */
  scanned: number;
  /** True when the window held more rows than `cap` and only the newest were read. */
  capped: boolean;
}

/** Live counters since the server started (Prometheus registry), not sampled like traces. */
export interface Live {
  uptime_s: number;
  in_flight: number;
  queued: number;
  /** Samples scored since start, by spec, then by status. */
  samples: Record<string, Counts>;
  /** Unscored samples and failed requests since start, by code. */
  errors: Counts;
  backends: {
    requests: number;
    cache: { hit: number; miss: number; deduped: number };
    /** hit / calls (a call is a hit, a miss or deduped in flight), null before any call. */
    cache_hit_rate: number | null;
    failures: number;
    /** failures / calls, null before any call. */
    failure_rate: number | null;
    judge: { verdicts: number; failures: number; screened: number; failure_rate: number | null };
  };
}

/** One time bucket of the overview: traffic, root scores, latency. */
export interface Bucket {
  t: number;
  requests: number;
  samples: number;
  /** Samples not scored (unscorable or error). */
  unscored: number;
  mean: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  latency_p50_ms: number | null;
  latency_p99_ms: number | null;
}

/** Traffic of one spec in the window. */
export interface SpecTotals {
  spec: string;
  requests: number;
  samples: number;
  statuses: Counts;
  codes: Counts;
  /** Root scores of the scored samples. */
  score: Stats;
  latency_p50_ms: number | null;
  latency_p99_ms: number | null;
}

/** `GET /v1/dashboard/overview`. */
export interface Overview extends Window {
  now: number;
  traces: boolean;
  sample_rate: number;
  bucket_ms: number;
  totals: Omit<SpecTotals, 'spec' | 'score'> & {
    /** Requests and samples per minute over the window. */
    requests_per_min: number;
    samples_per_min: number;
    /** Share of samples not scored, null when none. */
    unscored_rate: number | null;
  };
  specs: SpecTotals[];
  series: Bucket[];
  live: Live;
}

/** One histogram bin, `[lo, hi)` (the last one closed). */
export interface Bin {
  lo: number;
  hi: number;
  n: number;
}

/** The scores of one component path (the root's path included) in a window. */
export interface ComponentDistribution extends Stats {
  component: string;
  /** Samples where the component has no score (null). */
  nulls: number;
  bins: Bin[];
  /** Mean per time bucket (buckets without a score left out). */
  series: Array<{ t: number; n: number; mean: number }>;
}

/** `GET /v1/dashboard/distribution`. */
export interface Distribution extends Window {
  spec: string;
  bucket_ms: number;
  components: ComponentDistribution[];
}

/** `GET /v1/dashboard/compare`: two windows or specs with shared bins, and how far apart each component moved. */
export interface Comparison {
  a: Distribution;
  b: Distribution;
  shift: Array<{
    component: string;
    mean_a: number | null;
    mean_b: number | null;
    /** mean_b - mean_a. */
    delta: number | null;
    /** Two-sample Kolmogorov-Smirnov statistic, sup |F_a - F_b| (0: same distribution, 1: disjoint). */
    ks: number | null;
  }>;
}

/** One traced request in the list. */
export interface RequestRow {
  seq: number;
  request_id: string;
  ts: number;
  time: string;
  route: string;
  spec: string;
  n: number;
  duration_ms: number;
  statuses: Counts;
  codes: Counts;
  mean_score: number | null;
}

/** `GET /v1/dashboard/requests`: newest first; pass `next_before` as `before` for the next page. */
export interface RequestList {
  requests: RequestRow[];
  next_before: number | null;
}

/** One traced sample: as received, and its result (components and `details.nodes` included). */
export interface TracedSample {
  index: number;
  status: string;
  code: string | null;
  score: number | null;
  sample: unknown;
  result: unknown;
}

/** `GET /v1/dashboard/requests/:seq`. */
export interface RequestDetail extends RequestRow {
  samples: TracedSample[];
  /** Index of the first sample returned (`offset`); `n` says how many there are in all. */
  offset: number;
}
