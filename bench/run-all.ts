// `npm run bench`: runs every bench/<topic>/run.ts in turn (BENCH_ONLY=topic,topic to pick).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = new URL('.', import.meta.url).pathname;
const only = process.env.BENCH_ONLY?.split(',');
const topics = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(benchDir, d.name, 'run.ts')))
  .map((d) => d.name)
  .filter((name) => !only || only.includes(name))
  .sort();
let failed = 0;
for (const topic of topics) {
  console.log(`\n## bench/${topic}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, topic, 'run.ts')], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench/${topic} failed (exit ${run.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
