import { readFileSync } from 'node:fs';
import { RewardError } from '../core/codes.js';
import type { Registry } from '../core/registry.js';
import { type CompiledNode, compileSpec, loadSpec, type Spec } from '../core/spec.js';

/** Reads and compiles a spec file (YAML or JSON); errors name the file, line and path. */
export async function loadSpecFile(file: string, registry: Registry): Promise<{ spec: Spec; root: CompiledNode }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RewardError('invalid-spec', `cannot read spec file: ${(err as Error).message}`, { where: file });
  }
  return loadSpec(text, file, registry);
}

/** A one-leaf spec for `--reward KIND`, with optional JSON params. */
export async function leafSpec(kind: string, paramsJson: string | undefined, registry: Registry) {
  let params: unknown = {};
  if (paramsJson !== undefined) {
    try {
      params = JSON.parse(paramsJson);
    } catch (err) {
      throw new RewardError('invalid-spec', `--params is not valid JSON: ${(err as Error).message}`);
    }
  }
  await registry.load([kind]);
  return compileSpec({ reward: { kind, params } }, registry, { file: `--reward ${kind}` });
}
