// The dashboard's query thread (a piscina task module): a scan of a busy trace store takes hundreds of
// milliseconds, which must not hold the thread that answers scoring requests. Each query opens the database
// read-only afresh (a rotated file is followed) and the thread runs at nice 10, so scoring gets the CPU first.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { openTraceDb } from '../traces/trace-store.js';
import { QUERY_OPS, type QueryOp, readOnly } from './query-ops.js';

const { path, nice } = workerData as { path: string; nice: number };
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
} catch {} // not Linux, or not allowed: queries still run off the main thread

/** Runs one named query on a fresh read-only connection. */
export default function runQuery(task: { op: QueryOp; args: unknown[] }): unknown {
  const db = openTraceDb(path, true);
  try {
    return (QUERY_OPS[task.op] as (...a: unknown[]) => unknown)(readOnly(db), ...task.args);
  } finally {
    db.close();
  }
}
