// wrk (Debian's wrk 4.1) as bench/server's closed-loop load generator: a C process of its own, one thread,
// POSTing one body over keep-alive connections. Reports req/s, latency quantiles and wrk's own CPU.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers plus socket errors. */
  errors: number;
  /** wrk's own user+system CPU seconds per wall second (1 = one core busy). */
  wrkCores: number;
}

const ms = (value: string, unit: string) => Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);

/** Runs wrk against `url` for `seconds` with `connections` connections, POSTing `body`. */
export function wrk(dir: string, url: URL, body: string, connections: number, seconds: number): Promise<WrkResult> {
  const script = join(dir, 'post.lua');
  const bodyFile = join(dir, `body-${Buffer.byteLength(body)}.json`);
  writeFileSync(bodyFile, body);
  writeFileSync(
    script,
    `local f = io.open(${JSON.stringify(bodyFile)}, "rb")\nwrk.method = "POST"\nwrk.body = f:read("*a")\nf:close()\n` +
      'wrk.headers["Content-Type"] = "application/json"\n',
  );
  // bash reads its own cutime/cstime after wrk exits: wrk's CPU without a second tool.
  const cmd = `wrk -t1 -c${connections} -d${seconds}s --latency -s ${script} ${url.href}; read -r s < /proc/$$/stat; echo "STAT $s"`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', () => {
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const q = (p: string) => {
        const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
        return m ? ms(m[1] as string, m[2] as string) : Number.NaN;
      };
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
      const stat = /STAT .*?\) (.*)/.exec(out)?.[1]?.split(' ') ?? [];
      const wrkCpu = (Number(stat[13]) + Number(stat[14])) / 100;
      if (!Number.isFinite(rps)) return reject(new Error(`wrk gave no Requests/sec:\n${out}`));
      resolve({ rps, p50: q('50'), p99: q('99'), errors: non2xx + socketErrors, wrkCores: wrkCpu / seconds });
    });
  });
}
