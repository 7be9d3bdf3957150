// Builds dist/ with tsc, or, with --if-stale (what `npm start` runs), only when a source changed since the last
// build: a restart then serves from dist in about a second instead of waiting for a full tsc. The dashboard client
// (dashboard/, bundled by build-dashboard.mjs) is an input too. After tsc, bundle.mjs writes dist/bundle/ (what
// bin/rewardkit.js runs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// REWARDKIT_BUILD_ROOT lets the test run this on a scratch tree.
const root = process.env.REWARDKIT_BUILD_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** Every input of the build with its mtime and size (a source's change, addition or removal changes the list). */
function fingerprint() {
  const entries = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = join(dir, name);
      const stat = statSync(join(root, rel));
      if (stat.isDirectory()) walk(rel);
      else if (/\.(ts|css|html|json|ya?ml)$/.test(name) && !name.endsWith('.test.ts'))
        entries.push(`${rel} ${stat.mtimeMs} ${stat.size}`);
    }
  };
  walk('src');
  if (existsSync(join(root, 'dashboard'))) walk('dashboard');
  for (const file of INPUTS) {
    if (existsSync(join(root, file))) {
      const stat = statSync(join(root, file));
      entries.push(`${file} ${stat.mtimeMs} ${stat.size}`);
    }
  }
  return entries.join('\n');
}

const ifStale = process.argv.includes('--if-stale');
const current = fingerprint();
if (ifStale && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === current) process.exit(0);
if (ifStale) console.error('rewardkit: sources changed since the last build; building dist/ ...');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
if (existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  const { bundle } = await import('./bundle.mjs');
  await bundle(root);
}
if (existsSync(join(root, 'dashboard', 'main.ts'))) {
  const { buildDashboard } = await import('./build-dashboard.mjs');
  await buildDashboard(root);
}
writeFileSync(STAMP, current);
