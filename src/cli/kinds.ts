import type { Command } from 'commander';
import { builtInKinds, createLazyRegistry } from '../kinds/lazy.js';

/** `rewardkit kinds [--json]`: every registered kind with its description, params and source. */
export function registerKinds(program: Command): void {
  program
    .command('kinds')
    .description('list every registered reward kind')
    .option('--json', 'print [{kind, description, params, source}] as JSON')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json) {
        // The params' JSON schemas come from the definitions: every family is imported.
        const registry = createLazyRegistry();
        await registry.loadAll();
        process.stdout.write(`${JSON.stringify(registry.describe(), null, 2)}\n`);
        return;
      }
      // The list itself comes from the kind manifest, without importing any family.
      const entries = builtInKinds();
      const width = Math.max(...entries.map((e) => e.kind.length));
      for (const e of entries) {
        const source = e.source ? `  [${e.source}]` : '';
        process.stdout.write(`${e.kind.padEnd(width)}  ${e.description}${source}\n`);
      }
    });
}
