/**
 * Migrations of the PostgreSQL trace store, applied in order once each (table rewardkit.migrations), under an
 * advisory lock so replicas starting together do not race. Same tables and columns as the SQLite store.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rewardkit.requests (
    seq BIGSERIAL PRIMARY KEY,
    request_id TEXT NOT NULL,
    ts BIGINT NOT NULL,
    route TEXT NOT NULL,
    spec TEXT NOT NULL,
    n INTEGER NOT NULL,
    duration_ms DOUBLE PRECISION NOT NULL
  );
  CREATE INDEX requests_ts ON rewardkit.requests(ts);
  CREATE INDEX requests_request_id ON rewardkit.requests(request_id);
  CREATE TABLE rewardkit.samples (
    request_seq BIGINT NOT NULL REFERENCES rewardkit.requests(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    ts BIGINT NOT NULL,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    code TEXT,
    score DOUBLE PRECISION,
    sample TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (request_seq, idx)
  );
  CREATE INDEX samples_ts ON rewardkit.samples(ts);`,
  // Which replica wrote a request (its host name and pid), for traces gathered from several.
  'ALTER TABLE rewardkit.requests ADD COLUMN replica TEXT',
];

/** Key of the advisory lock held while migrating. */
export const MIGRATION_LOCK = 7_301_202_620;
