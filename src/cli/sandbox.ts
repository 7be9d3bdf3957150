import type { Command } from 'commander';
import { RewardError } from '../core/codes.js';
import { configureSandbox, sharedSandbox } from '../sandbox/pool.js';
import { LANGUAGES } from '../sandbox/types.js';

/** `--unsafe-no-sandbox` (any command) and `rewardkit sandbox`: what the code sandbox guarantees on this host. */
export function registerSandbox(program: Command): void {
  program.option(
    '--unsafe-no-sandbox',
    'run `code` rewards without the bubblewrap sandbox (only rlimits and a clean environment; every result says so)',
  );
  program.hook('preAction', () => {
    if (program.opts().unsafeNoSandbox) {
      configureSandbox({ mode: 'unsafe-no-sandbox' });
      process.stderr.write('rewardkit: WARNING: --unsafe-no-sandbox: model-written programs run unsandboxed\n');
    }
  });
  program
    .command('sandbox')
    .description('probe the code sandbox and print the profile each language runs under')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const reports = [];
      for (const language of LANGUAGES) {
        try {
          reports.push({ language, ok: true, ...(await sharedSandbox().check(language)) });
        } catch (err) {
          const message = err instanceof RewardError ? err.message : String(err);
          reports.push({ language, ok: false, error: message });
          process.exitCode = 1;
        }
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
        return;
      }
      for (const r of reports) {
        const line =
          r.ok && 'profile' in r
            ? `${r.profile}, ${r.interpreter}, uid ${r.uid}, limits: ${r.limits} (${r.limitsDetail})`
            : `UNAVAILABLE: ${r.error}`;
        process.stdout.write(`${r.language.padEnd(10)} ${line}\n`);
      }
    });
}
