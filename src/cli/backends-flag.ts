// The `--backends FILE` flag of commands that call models outside a spec: the file's configs merged with
// the environment's default backend.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type BackendConfig, mergeBackendConfigs, parseBackendConfigs } from '../backends/index.js';

/** The backend configs of `file` (YAML/JSON map, as under a spec's `backends:`), or of the environment alone. */
export function backendConfigsFlag(file: string | undefined, env: NodeJS.ProcessEnv): Record<string, BackendConfig> {
  let raw: unknown = {};
  if (file) {
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: cannot read it as YAML/JSON (${(err as Error).message})`);
    }
  }
  const from = file ?? '(env)';
  return mergeBackendConfigs([{ file: from, backends: parseBackendConfigs(raw, from) }], env);
}
