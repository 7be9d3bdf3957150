import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { applyOverrides, envOverrides, type LoadedConfig, loadConfigFile, type Overrides } from '../server/config.js';
import { isLoopback } from '../server/http/auth.js';

/** The configuration shipped with the package: serves every spec in its `specs/` folder. */
export const DEFAULT_CONFIG = fileURLToPath(new URL('../../specs/rewardkit.yaml', import.meta.url));

interface ServeFlags {
  config?: string;
  specs?: string[];
  host?: string;
  port?: string;
  token?: string[];
  insecure?: boolean;
  workers?: string;
  traces?: string | false;
  traceSampleRate?: string;
  extraKinds?: string[];
  logLevel?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number, got "${value}"`);
  return n;
}

/** Reads the config file, then applies REWARDKIT_* variables, then flags; `--specs` replaces the file's spec list. */
export function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): LoadedConfig {
  const loaded = loadConfigFile(flags.config ?? env.REWARDKIT_CONFIG ?? DEFAULT_CONFIG);
  const fromFlags: Overrides = {
    host: flags.host,
    port: number(flags.port, '--port'),
    tokens: flags.token,
    workers: number(flags.workers, '--workers'),
    traces: flags.traces === false ? false : undefined,
    tracesPath: typeof flags.traces === 'string' ? flags.traces : undefined,
    traceSampleRate: number(flags.traceSampleRate, '--trace-sample-rate'),
    logLevel: flags.logLevel,
  };
  let config = applyOverrides(loaded.config, envOverrides(env), fromFlags);
  if (flags.specs?.length) {
    const files: Record<string, string> = {};
    const dirs: string[] = [];
    for (const path of flags.specs.map((p) => resolve(p))) {
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) dirs.push(path);
      else files[path.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/, '')] = path;
    }
    config = { ...config, specs: files, specDirs: dirs };
  }
  return { ...loaded, config };
}

/** `rewardkit serve`: the reward server (`npm start`), on 127.0.0.1:8000 by default. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve named reward specs over HTTP (native batch API, OpenRLHF drop-in, metrics, traces)')
    .option('--config <file>', 'server config (default: the shipped specs/rewardkit.yaml; env REWARDKIT_CONFIG)')
    .option('--specs <path>', 'a spec file or folder to serve instead of the config list (repeatable)', collect)
    .option('--host <host>', 'address to bind (env REWARDKIT_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port (env REWARDKIT_PORT; default 8000; 0 picks a free one)')
    .option('--token <token>', 'accepted bearer token, repeatable (env REWARDKIT_TOKENS=a,b)', collect)
    .option('--insecure', 'allow a non-loopback bind without any token')
    .option('--workers <n>', 'scoring threads (env REWARDKIT_WORKERS; 0 = main thread)')
    .option('--traces <path>', 'trace database (env REWARDKIT_TRACES; "off" there disables)')
    .option('--no-traces', 'keep no traces')
    .option('--trace-sample-rate <r>', 'share of requests traced, 0..1')
    .option('--extra-kinds <module>', 'module exporting `definitions` (extra reward kinds), repeatable', collect)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .action(async (flags: ServeFlags) => {
      const loaded = resolveServeConfig(flags, process.env);
      // The server stack (fastify, piscina, SQLite) loads only when serving, not on every CLI start.
      const { createRewardServer } = await import('../server/server.js');
      const server = await createRewardServer({
        ...loaded,
        insecure: flags.insecure ?? false,
        extraModules: flags.extraKinds ?? [],
      });
      const bound = await server.listen();
      // A worker thread that could not start has stopped the server: say why and exit.
      server.started.catch((err: unknown) => {
        process.stderr.write(`rewardkit: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      });
      const { host, auth } = server.ctx.config;
      // fastify names a loopback address first even when bound to all interfaces: say where it really listens.
      const url = isLoopback(host) ? bound : `http://${host.includes(':') ? `[${host}]` : host}:${new URL(bound).port}`;
      if (!isLoopback(host) && auth.tokens.length === 0) {
        process.stderr.write(
          `rewardkit: WARNING: --insecure: listening on ${host} with no bearer token; anyone who can reach it can read and skew your rewards\n`,
        );
      }
      const specs = [...server.ctx.specs.keys()].join(', ');
      server.app.log.info({ url, specs, workers: server.ctx.scorer.threads }, 'rewardkit serving');
      process.stderr.write(`rewardkit: serving ${specs} on ${url}\n`);
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) {
          process.stderr.write('rewardkit: second signal, exiting now\n');
          process.exit(1);
        }
        stopping = true;
        process.stderr.write(`rewardkit: ${signal}, finishing in-flight requests\n`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`rewardkit: shutdown failed: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
