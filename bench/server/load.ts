// Loopback load generators for bench/server: closed loop (N clients back to back) and open loop (fixed rate).
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Latencies in ms, sorted. */
  latencies: number[];
}

/** Sends one POST; resolves with the status and body. */
export function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function finish(started: number, latencies: number[], errors: number): LoadResult {
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

/** `clients` connections each sending the next request as soon as the last one is answered, for `seconds`. */
export async function closedLoop(url: URL, body: string, clients: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await post(agent, url, body).catch(() => ({ status: 0, text: '' }));
        if (res.status === 200) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  agent.destroy();
  return finish(started, latencies, errors);
}

/** Requests at a fixed rate (per second) for `seconds`, whatever the answers' pace: latency as a trainer sees it. */
export async function openLoop(url: URL, body: string, rate: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(
      post(agent, url, body).then(
        (res) => {
          if (res.status === 200) latencies.push(performance.now() - t0);
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return finish(started, latencies, errors);
}

/** The q-quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
