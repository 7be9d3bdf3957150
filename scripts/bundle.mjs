// Bundles dist/ (tsc's output) into dist/bundle/ with esbuild: the CLI and its worker threads load a few large
// chunks instead of ~1,000 small modules, so every command starts about a third sooner (bench/server/startup.ts).
// Code split at dynamic imports, so kind families still load only when a spec names them. bin/rewardkit.js runs
// the bundle when it exists; dist/cli/main.js is the same program unbundled.
import { readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Worker threads are entries of their own; their spawners name them as siblings (`./score-worker.js`). */
const ENTRIES = {
  main: 'cli/main.js',
  'score-worker': 'server/scoring/score-worker.js',
  'query-worker': 'server/dashboard/query-worker.js',
  worker: 'math/worker.js',
};
/** Modules whose `import.meta.url` names a worker entry: inside the bundle it must stay the chunk's own URL. */
const SPAWNERS = new Set(['server/scoring/worker-pool.js', 'server/dashboard/queries.js', 'math/pool.js']);
/** Loaded from node_modules at run time: native addons, packages that start workers or read files of their own. */
const EXTERNAL = ['better-sqlite3', 'piscina', 'bullmq', 'ioredis', 'msgpackr', 'pg', 'tsx', 'playwright-core'];

/**
 * Every other module reads data beside its dist/ file (`new URL('../../specs/', import.meta.url)`): its
 * `import.meta.url` becomes that file's URL, written relative to the bundle so the tree can move.
 */
function metaUrlPlugin(dist, outdir) {
  return {
    name: 'rewardkit-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, async (args) => {
        const rel = relative(dist, args.path).split(sep).join('/');
        if (rel.startsWith('..') || rel.includes('node_modules/')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url') || SPAWNERS.has(rel)) return { contents: text, loader: 'js' };
        const own = JSON.stringify(relative(outdir, args.path).split(sep).join('/'));
        return { contents: text.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`), loader: 'js' };
      });
    },
  };
}

/** Writes dist/bundle/ from dist/ (run after tsc). */
export async function bundle(root) {
  const { build } = await import('esbuild');
  const dist = join(root, 'dist');
  const outdir = join(dist, 'bundle');
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(dist, file)])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require(): give each chunk one.
    banner: {
      js: "import { createRequire as __rkRequire } from 'node:module'; const require = __rkRequire(import.meta.url);",
    },
    plugins: [metaUrlPlugin(dist, outdir)],
    logLevel: 'warning',
  });
}
