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
  /** Judges (src/judges): verdicts read, failures by code (never scores), responses screened before any call. */
  verdicts: number;
  judgeFailures: number;
  judgeFailuresByCode: Record<string, number>;
  screened: number;
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
    verdicts: 0,
    judgeFailures: 0,
    judgeFailuresByCode: {},
    screened: 0,
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

  /** A judge behind `backend` could not give a verdict (counted apart from scores). */
  judgeFail(backend: string, code: string): void {
    const c = this.of(backend);
    c.judgeFailures++;
    c.judgeFailuresByCode[code] = (c.judgeFailuresByCode[code] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    return Object.fromEntries(
      [...this.#by].map(([k, v]) => [
        k,
        { ...v, failuresByCode: { ...v.failuresByCode }, judgeFailuresByCode: { ...v.judgeFailuresByCode } },
      ]),
    );
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
        const value = d[key];
        if (typeof value === 'object') {
          const into = c[key] as Record<string, number>;
          for (const [code, n] of Object.entries(value)) into[code] = (into[code] ?? 0) + n;
        } else if (typeof value === 'number') (c[key] as number) += value;
      }
    }
  }

  /** One line per backend for the `score` summary, and one per backend a judge used. */
  format(): string[] {
    return [...this.#by].flatMap(([name, c]) => [backendLine(name, c), ...judgeLine(name, c)]);
  }
}

function backendLine(name: string, c: BackendCounters): string {
  const mean = c.latencyCount ? (c.latencyMsSum / c.latencyCount).toFixed(1) : '-';
  const codes = Object.entries(c.failuresByCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `backend ${name}: ${c.requests} calls, ${c.hits} cache hits, ${c.misses} misses, ${c.failures} failed` +
    `${codes ? ` (${codes})` : ''}, ${c.retries} retries, tokens ${c.promptTokens} in / ${c.completionTokens} out, ` +
    `mean latency ${mean} ms`
  );
}

function judgeLine(name: string, c: BackendCounters): string[] {
  if (c.verdicts + c.judgeFailures + c.screened === 0) return [];
  const codes = Object.entries(c.judgeFailuresByCode)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `judge ${name}: ${c.verdicts} verdicts, ${c.judgeFailures} failed${codes ? ` (${codes})` : ''}, ` +
      `${c.screened} screened before any call (master keys, empty after <think>)`,
  ];
}
