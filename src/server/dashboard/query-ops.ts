import { compare, distribution } from './distribution-query.js';
import { overviewOf, type TraceReader } from './query.js';
import { listRequests, requestDetail } from './requests-query.js';

/** The dashboard's trace queries by name: what the query worker runs (or the main thread, for `:memory:`). */
export const QUERY_OPS = {
  overview: overviewOf,
  distribution,
  compare,
  requests: listRequests,
  request: requestDetail,
};

export type QueryOp = keyof typeof QUERY_OPS;
type Rest<F> = F extends (reader: TraceReader, ...args: infer A) => unknown ? A : never;
export type QueryArgs<K extends QueryOp> = Rest<(typeof QUERY_OPS)[K]>;
export type QueryResult<K extends QueryOp> = ReturnType<(typeof QUERY_OPS)[K]>;

/** A reader over a database connection that runs read-only statements only. */
export function readOnly(db: {
  prepare(sql: string): { reader: boolean; readonly: boolean; all(...a: unknown[]): unknown[] };
}): TraceReader {
  return {
    select<T>(sql: string, args: ReadonlyArray<string | number> = []): T[] {
      const statement = db.prepare(sql);
      if (!statement.reader || !statement.readonly) throw new Error('dashboard queries are read-only');
      return statement.all(...args) as T[];
    },
  };
}
