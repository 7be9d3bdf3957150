export { configureSandbox, sharedSandbox } from './pool.js';
export { Sandbox, type SandboxMode, type SandboxOptions, type SandboxReport } from './sandbox.js';
export {
  DEFAULT_LIMITS,
  LANGUAGES,
  type Language,
  type Limits,
  type RunRequest,
  type RunResult,
  type Verdict,
} from './types.js';
