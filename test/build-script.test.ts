// `npm start` rebuilds dist/ only when a source changed: scripts/build.mjs --if-stale on a scratch tree whose
// "tsc" records that it ran (the staleness check is under test here, not TypeScript).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'rk-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(): void {
  mkdirSync(join(root, 'src', 'core'), { recursive: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'typescript', 'bin'), { recursive: true });
  writeFileSync(join(root, 'src', 'core', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}');
  writeFileSync(
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'runs.txt'))}, 'ran\\n');`,
  );
}

const build = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { env: { ...process.env, REWARDKIT_BUILD_ROOT: root } });
const runs = (): number => readFileSync(join(root, 'runs.txt'), 'utf8').split('\n').filter(Boolean).length;

describe('scripts/build.mjs', () => {
  it('builds when there is no stamp, skips while nothing changed, rebuilds after a change', () => {
    setup();
    expect(build('--if-stale').status).toBe(0);
    expect(runs()).toBe(1);
    expect(build('--if-stale').status).toBe(0);
    expect(runs()).toBe(1);
    utimesSync(join(root, 'src', 'core', 'a.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(build('--if-stale').status).toBe(0);
    expect(runs()).toBe(2);
    writeFileSync(join(root, 'src', 'core', 'b.ts'), 'export const b = 2;\n');
    build('--if-stale');
    expect(runs()).toBe(3);
    // A test file is not an input of dist/.
    writeFileSync(join(root, 'src', 'core', 'b.test.ts'), '');
    build('--if-stale');
    expect(runs()).toBe(3);
    // `npm run build` always builds.
    build();
    expect(runs()).toBe(4);
  });

  it('bundles the dashboard client into dist/dashboard and rebuilds when one of its files changes', () => {
    mkdirSync(join(root, 'dashboard'), { recursive: true });
    writeFileSync(
      join(root, 'dashboard', 'main.ts'),
      "import './style.css';\nconst n: number = 41;\nconsole.log(n + 1);\n",
    );
    writeFileSync(join(root, 'dashboard', 'style.css'), 'body { margin: 0; }\n');
    writeFileSync(join(root, 'dashboard', 'index.html'), '<!doctype html><title>t</title>\n');
    const before = runs();
    expect(build('--if-stale').status).toBe(0);
    expect(runs()).toBe(before + 1);
    expect(readFileSync(join(root, 'dist', 'dashboard', 'app.js'), 'utf8')).toContain('41');
    expect(readFileSync(join(root, 'dist', 'dashboard', 'app.css'), 'utf8')).toContain('margin');
    expect(readFileSync(join(root, 'dist', 'dashboard', 'index.html'), 'utf8')).toContain('<title>t</title>');
    build('--if-stale');
    expect(runs()).toBe(before + 1);
    writeFileSync(join(root, 'dashboard', 'style.css'), 'body { margin: 2px; }\n');
    expect(build('--if-stale').status).toBe(0);
    expect(runs()).toBe(before + 2);
    expect(readFileSync(join(root, 'dist', 'dashboard', 'app.css'), 'utf8')).toContain('2px');
  });
});
