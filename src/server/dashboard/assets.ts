import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built client's files (scripts/build-dashboard.mjs), by URL path; the page and its assets hold no data. */
export const SHELL_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** Where the built files are: dist/dashboard beside dist/server, or (running from src under tsx) the repo's dist/. */
const CANDIDATES = [new URL('../../dashboard/', import.meta.url), new URL('../../../dist/dashboard/', import.meta.url)];

/** The folder holding the built dashboard, or undefined when it was not built. */
export function dashboardDir(): string | undefined {
  for (const url of CANDIDATES) {
    const dir = fileURLToPath(url);
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/** Reads shell files once and keeps them; a missing build is looked for again on the next request. */
export class ShellAssets {
  #cache = new Map<string, Buffer>();

  /** The bytes and content type of `path`, or undefined when the dashboard is not built. */
  get(path: string): { body: Buffer; type: string } | undefined {
    const entry = SHELL_FILES[path];
    if (!entry) return undefined;
    let body = this.#cache.get(path);
    if (!body) {
      const dir = dashboardDir();
      if (!dir || !existsSync(join(dir, entry.file))) return undefined;
      body = readFileSync(join(dir, entry.file));
      this.#cache.set(path, body);
    }
    return { body, type: entry.type };
  }
}
