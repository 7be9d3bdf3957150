// Real redis-server and PostgreSQL for the scale-out tests, on loopback with free ports in temp folders.
// Missing binaries or a failed start throw: these tests fail loudly, they never skip.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on loopback (bound once, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not open port ${port} within ${ms} ms`);
}

function need(binary: string, hint: string): string {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: ${hint} (.ci/apt-packages.txt lists it)`);
  return binary;
}

/** A redis-server child: `restart()` kills it (SIGKILL) and starts it again on the same port and folder. */
export interface RedisService {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(downMs?: number): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port, append-only. `fsync: 'always'` (tests) keeps every job across a
 * SIGKILL; `'everysec'` (the production setting docs/deploy.md advises, used by bench/scale) may lose the last second.
 */
export async function startRedis(fsync: 'always' | 'everysec' = 'always'): Promise<RedisService> {
  const bin = need('/usr/bin/redis-server', 'apt-get install redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'rk-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    child = spawn(bin, [...args, '--appendonly', 'yes', '--appendfsync', fsync], { stdio: 'ignore' });
    await waitForPort(port, 'redis-server');
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise((resolve) => {
      c.once('exit', resolve);
      c.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      await kill();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
  };
}

/** A PostgreSQL cluster of its own: `url` names its `postgres` database (trust auth, loopback only). */
export interface PostgresService {
  url: string;
  stop(): Promise<void>;
}

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin', name)).find((p) => existsSync(p));
  if (!found)
    throw new Error(`no ${name} under ${root}/*/bin: apt-get install postgresql (.ci/apt-packages.txt lists it)`);
  return found;
}

/** Runs initdb and pg_ctl (as the `postgres` system user when we are root, since PostgreSQL refuses root). */
export async function startPostgres(): Promise<PostgresService> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (bin: string, args: string[]): void => {
    const [cmd, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    execFileSync(cmd, full, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  run(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
  run(pgBin('pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  await waitForPort(port, 'postgres');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
