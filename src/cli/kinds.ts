import type { Command } from 'commander';
import { createRegistry } from '../catalog.js';

/** `rewardkit kinds [--json]`: every registered kind with its description, params and source. */
export function registerKinds(program: Command): void {
  program
    .command('kinds')
    .description('list every registered reward kind')
    .option('--json', 'print [{kind, description, params, source}] as JSON')
    .action((opts: { json?: boolean }) => {
      const entries = createRegistry().describe();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      const width = Math.max(...entries.map((e) => e.kind.length));
      for (const e of entries) {
        const source = e.source ? `  [${e.source}]` : '';
        process.stdout.write(`${e.kind.padEnd(width)}  ${e.description}${source}\n`);
      }
    });
}
