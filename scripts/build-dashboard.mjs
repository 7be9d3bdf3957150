// Bundles the dashboard client (dashboard/ -> dist/dashboard: index.html, app.js with uPlot, app.css) with esbuild.
// Run by scripts/build.mjs; `node scripts/build-dashboard.mjs` builds it alone (the browser tests do).
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Builds `<root>/dashboard` into `<root>/dist/dashboard`; each file lands by rename, so a server never reads half. */
export async function buildDashboard(root) {
  const { build } = await import('esbuild');
  const out = join(root, 'dist', 'dashboard');
  const staging = join(out, `.staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'dashboard', 'main.ts') },
    bundle: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'eof',
    outdir: staging,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'dashboard', 'index.html'), join(staging, 'index.html'));
  for (const file of ['app.js', 'app.css', 'index.html']) renameSync(join(staging, file), join(out, file));
  rmSync(staging, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDashboard(process.env.REWARDKIT_BUILD_ROOT ?? fileURLToPath(new URL('..', import.meta.url)));
}
