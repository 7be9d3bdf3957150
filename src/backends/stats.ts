/** Counters of one backend. Latency counts calls that went to the network (cache misses). */
export interface BackendCounters {
  requests: number;
  hits: number;
  misses: number;
  failures: number;
  /** Failures by code (backend-error, backend-timeout, malformed-reply). */
  failuresByCode: Record<string, number>;
  retries: number;
  /** 429 answers seen. */
  throttled: number;
  /** In-flight duplicates served by another caller's request. */
  deduped: number;
  promptTokens: number;
  completionTokens: number;
  latencyMsSum: number;
  latencyCount: number;
}

function empty(): BackendCounters {
  return {
    requests: 0,
    hits: 0,
    misses: 0,
    failures: 0,
    failuresByCode: {},
    retries: 0,
    throttled: 0,
    deduped: 0,
    promptTokens: 0,
    completionTokens: 0,
    latencyMsSum: 0,
    latencyCount: 0,
  };
}

export type StatsSnapshot = Record<string, BackendCounters>;

/** Per-backend counters; a worker drains its deltas and the main thread merges them. */
export class BackendStats {
  #by = new Map<string, BackendCounters>();

  of(backend: string): BackendCounters {
    let c = this.#by.get(backend);
    if (!c) this.#by.set(backend, (c = empty()));
    return c;
  }

  fail(backend: string, code: string): void {
    const c = this.of(backend);
    c.failures++;
    c.failuresByCode[code] = (c.failuresByCode[code] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    return Object.fromEntries([...this.#by].map(([k, v]) => [k, { ...v, failuresByCode: { ...v.failuresByCode } }]));
  }

  /** The counters since the last drain, then zero. Undefined when nothing happened. */
  drain(): StatsSnapshot | undefined {
    if (this.#by.size === 0) return undefined;
    const out = this.snapshot();
    this.#by = new Map();
    return out;
  }

  merge(delta: StatsSnapshot | undefined): void {
    if (!delta) return;
    for (const [name, d] of Object.entries(delta)) {
      const c = this.of(name);
      for (const key of Object.keys(d) as Array<keyof BackendCounters>) {
        if (key === 'failuresByCode') {
          for (const [code, n] of Object.entries(d.failuresByCode))
            c.failuresByCode[code] = (c.failuresByCode[code] ?? 0) + n;
        } else c[key] += d[key];
      }
    }
  }

  /** One line per backend for the `score` summary. */
  format(): string[] {
    return [...this.#by].map(([name, c]) => {
      const mean = c.latencyCount ? (c.latencyMsSum / c.latencyCount).toFixed(1) : '-';
      const codes = Object.entries(c.failuresByCode)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return (
        `backend ${name}: ${c.requests} calls, ${c.hits} cache hits, ${c.misses} misses, ${c.failures} failed` +
        `${codes ? ` (${codes})` : ''}, ${c.retries} retries, tokens ${c.promptTokens} in / ${c.completionTokens} out, ` +
        `mean latency ${mean} ms`
      );
    });
  }
}
