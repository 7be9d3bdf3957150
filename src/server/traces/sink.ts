import type { TraceRecord } from './trace-store.js';

/** Where the scoring service writes traces: the SQLite TraceStore or the shared PostgresTraceStore. */
export interface TraceSink {
  /** Whether to keep this request (by the sample rate). */
  sampled(): boolean;
  /** Largest stored JSON per sample and per result (samples encoded elsewhere must use it). */
  readonly maxFieldBytes: number;
  /** Resolves once the record is committed. */
  record(record: TraceRecord): Promise<void>;
}

/** Whether a `traces.path` / `--traces` value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(path: string): boolean {
  return /^postgres(ql)?:\/\//.test(path);
}
