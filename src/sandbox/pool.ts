import { Sandbox, type SandboxOptions } from './sandbox.js';

let shared: Sandbox | undefined;

/** The process-wide sandbox the `code` reward uses (bwrap, one run per CPU at a time) unless configured. */
export function sharedSandbox(): Sandbox {
  shared ??= new Sandbox();
  return shared;
}

/** Replaces the process-wide sandbox; hosts call this once at startup (the CLI for `--unsafe-no-sandbox`). */
export function configureSandbox(options: SandboxOptions): Sandbox {
  shared = new Sandbox(options);
  return shared;
}
