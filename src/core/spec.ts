import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { RewardError } from './codes.js';
import type { Definition } from './define.js';
import type { Registry } from './registry.js';
import { stableStringify } from './stable-json.js';
import { findUnknownParam, unknownParamMessage } from './strict-params.js';
import { didYouMean, nearest } from './suggest.js';
import { boundedToJs } from './yaml-bounded.js';

/** A reward tree node as written in a spec file. */
export interface NodeSpec {
  kind: string;
  name?: string;
  weight?: number;
  params?: Record<string, unknown>;
  [slot: string]: unknown;
}

/** A spec file: a named reward tree. */
export interface Spec {
  name?: string;
  description?: string;
  /** The component OpenRLHF receives as `scores` (its 0-1 value for dynamic filtering); default the reward. */
  scores?: string;
  /** Named model backends the spec's nodes call; hosts validate and build them (src/backends). */
  backends?: Record<string, unknown>;
  /** `false`: answers carry score and components only, no `details` (a client may override it per request). */
  details?: boolean;
  reward: NodeSpec;
}

/** A validated node, ready to run. */
export interface CompiledNode {
  readonly def: Definition;
  readonly kind: string;
  readonly name: string;
  /** Component key: names from the root down, joined by `.` (the root's children carry no prefix). */
  readonly path: string;
  readonly weight: number | undefined;
  readonly params: unknown;
  readonly slots: Record<string, CompiledNode[]>;
  /** Equal ids mean equal behaviour: the runner dedupes on (id, sample). */
  readonly id: string;
}

const NODE_KEYS = new Set(['kind', 'name', 'weight', 'params']);

/** Where a spec came from, for error messages: a file name and, if parsed from text, line positions. */
export interface SpecSource {
  file: string;
  lineOf?: (path: Array<string | number>) => number | undefined;
}

function formatPath(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function specError(source: SpecSource, path: Array<string | number>, message: string): RewardError {
  const line = source.lineOf?.(path);
  const where = `${source.file}${line === undefined ? '' : `:${line}`}: ${formatPath(path)}`;
  return new RewardError('invalid-spec', message, { where });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.message;
}

/** Validates a node tree against the registry; throws a RewardError naming file, line and path. */
export function compileNode(
  raw: unknown,
  registry: Registry,
  source: SpecSource,
  path: Array<string | number> = ['reward'],
  parentPath: string | null = null,
): CompiledNode {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw specError(source, path, 'expected a node: an object with a "kind"');
  }
  const node = raw as Record<string, unknown>;
  if (typeof node.kind !== 'string') throw specError(source, [...path, 'kind'], 'expected a reward kind (string)');
  const def = registry.get(node.kind);
  if (!def) {
    const known = registry.kinds();
    const given = node.kind;
    const near = [
      ...new Set([...nearest(given, known), ...known.filter((k) => k.includes(given) || given.includes(k))]),
    ].slice(0, 3);
    const hint = near.length
      ? `; did you mean ${near.map((k) => `"${k}"`).join(', ')}?`
      : '; run `rewardkit kinds` to list them';
    const at = specError(source, [...path, 'kind'], '');
    throw new RewardError('unknown-kind', `unknown reward kind "${given}"${hint}`, { where: at.where ?? source.file });
  }
  if (node.name !== undefined && (typeof node.name !== 'string' || !/^[\w-]+$/.test(node.name))) {
    throw specError(source, [...path, 'name'], 'expected a name of letters, digits, "_" or "-"');
  }
  if (node.weight !== undefined && (typeof node.weight !== 'number' || !Number.isFinite(node.weight))) {
    throw specError(source, [...path, 'weight'], 'expected a finite number');
  }
  const slotNames = def.type === 'composite' ? def.slots : {};
  for (const key of Object.keys(node)) {
    if (!NODE_KEYS.has(key) && !Object.hasOwn(slotNames, key)) {
      const allowed = [...NODE_KEYS, ...Object.keys(slotNames)].join(', ');
      throw specError(source, [...path, key], `unknown key for kind "${def.kind}" (allowed: ${allowed})`);
    }
  }
  const unknown = findUnknownParam(def.params, node.params ?? {});
  if (unknown) {
    throw specError(source, [...path, 'params', ...unknown.path, unknown.key], unknownParamMessage(unknown));
  }
  const parsed = def.params.safeParse(node.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const issuePath = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw specError(source, [...path, 'params', ...issuePath], issue ? describeIssue(issue) : 'invalid params');
  }
  const name = (node.name as string | undefined) ?? def.kind;
  // The root's children carry no prefix; deeper nodes are prefixed by their parent's path.
  const ownPath = parentPath ? `${parentPath}.${name}` : name;
  const childPrefix = parentPath === null ? '' : ownPath;
  const slots: Record<string, CompiledNode[]> = {};
  for (const [slot, arity] of Object.entries(slotNames)) {
    const value = node[slot];
    if (value === undefined) {
      if (arity === 'optional') {
        slots[slot] = [];
        continue;
      }
      throw specError(source, [...path, slot], arity === 'many' ? 'expected a list of nodes' : 'expected a node');
    }
    if (arity === 'many' && !Array.isArray(value)) throw specError(source, [...path, slot], 'expected a list of nodes');
    if (arity === 'many' && (value as unknown[]).length === 0)
      throw specError(source, [...path, slot], 'expected at least one node');
    const raws = arity === 'many' ? (value as unknown[]) : [value];
    slots[slot] = raws.map((child, i) =>
      compileNode(child, registry, source, arity === 'many' ? [...path, slot, i] : [...path, slot], childPrefix),
    );
  }
  renameDuplicateSiblings(slots, childPrefix);
  const id = stableStringify({
    kind: def.kind,
    params: parsed.data,
    slots: Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, v.map((c) => `${c.weight}|${c.id}`)])),
  });
  return {
    def,
    kind: def.kind,
    name,
    path: ownPath,
    weight: node.weight as number | undefined,
    params: parsed.data,
    slots,
    id,
  };
}

/** Siblings with the same name get `-2`, `-3`... so every component key is unique. */
function renameDuplicateSiblings(slots: Record<string, CompiledNode[]>, prefix: string): void {
  const seen = new Map<string, number>();
  for (const list of Object.values(slots)) {
    for (let i = 0; i < list.length; i++) {
      const child = list[i] as CompiledNode;
      const n = (seen.get(child.name) ?? 0) + 1;
      seen.set(child.name, n);
      if (n > 1) list[i] = renamed(child, `${child.name}-${n}`, prefix);
    }
  }
}

function renamed(node: CompiledNode, name: string, prefix: string): CompiledNode {
  const path = prefix ? `${prefix}.${name}` : name;
  const rebase = (n: CompiledNode, from: string, to: string): CompiledNode => ({
    ...n,
    path: n.path === from ? to : n.path.startsWith(`${from}.`) ? to + n.path.slice(from.length) : n.path,
    slots: Object.fromEntries(Object.entries(n.slots).map(([k, v]) => [k, v.map((c) => rebase(c, from, to))])),
  });
  return { ...rebase(node, node.path, path), name };
}

/** Parses spec text (YAML or JSON) to a plain object with line positions; errors name the file and line. */
export function readSpecText(text: string, file: string): { raw: unknown; source: SpecSource } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err ? lineCounter.linePos(err.pos[0]) : undefined;
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new RewardError('invalid-spec', `not valid YAML/JSON: ${err?.message.split('\n')[0]}`, { where });
  }
  const lineOf = (path: Array<string | number>): number | undefined => {
    for (let n = path.length; n > 0; n--) {
      const found = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (found && typeof found === 'object' && found.range) return lineCounter.linePos(found.range[0]).line;
    }
    return undefined;
  };
  return { raw: boundedToJs(doc, lineCounter, file), source: { file, lineOf } };
}

/** Parses spec text (YAML or JSON) and compiles it; errors name the file, line and path. */
export function parseSpec(text: string, file: string, registry: Registry): { spec: Spec; root: CompiledNode } {
  const { raw, source } = readSpecText(text, file);
  return compileSpec(raw, registry, source);
}

/** `parseSpec` for a registry with declared kinds: imports the families the spec names, then compiles. */
export async function loadSpec(
  text: string,
  file: string,
  registry: Registry,
): Promise<{ spec: Spec; root: CompiledNode }> {
  const { raw, source } = readSpecText(text, file);
  await registry.load(kindsIn(raw));
  return compileSpec(raw, registry, source);
}

/** Every string under a `kind` key anywhere in a parsed spec (the kinds its nodes may name). */
export function kindsIn(raw: unknown): Set<string> {
  const kinds = new Set<string>();
  const seen = new Set<object>();
  const stack = [raw];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) stack.push(...value);
    else {
      const kind = (value as { kind?: unknown }).kind;
      if (typeof kind === 'string') kinds.add(kind);
      stack.push(...Object.values(value));
    }
  }
  return kinds;
}

const TOP_KEYS = ['reward', 'name', 'description', 'backends', 'scores', 'details'];

function pathsOf(node: CompiledNode): string[] {
  return [node.path, ...Object.values(node.slots).flatMap((children) => children.flatMap(pathsOf))];
}

/** Compiles an already-parsed spec object. */
export function compileSpec(raw: unknown, registry: Registry, source: SpecSource): { spec: Spec; root: CompiledNode } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw specError(source, [], 'expected a spec: an object with a top-level "reward" node');
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_KEYS.includes(key)) {
      const allowed = TOP_KEYS.join(', ');
      throw specError(source, [key], `unknown top-level key (allowed: ${allowed})${didYouMean(key, TOP_KEYS)}`);
    }
  }
  const backends = obj.backends;
  if (backends !== undefined && (backends === null || typeof backends !== 'object' || Array.isArray(backends))) {
    throw specError(source, ['backends'], 'expected a map of backend name to backend config');
  }
  if (obj.reward === undefined) throw specError(source, ['reward'], 'missing the top-level "reward" node');
  for (const key of ['name', 'description', 'scores'] as const) {
    if (obj[key] !== undefined && typeof obj[key] !== 'string') throw specError(source, [key], 'expected a string');
  }
  if (obj.details !== undefined && typeof obj.details !== 'boolean')
    throw specError(source, ['details'], 'expected true or false');
  const root = compileNode(obj.reward, registry, source);
  if (obj.scores !== undefined) {
    const paths = pathsOf(root);
    if (!paths.includes(obj.scores as string)) {
      const hint = didYouMean(obj.scores as string, paths);
      throw specError(source, ['scores'], `no component "${obj.scores}" (components: ${paths.join(', ')})${hint}`);
    }
  }
  return { spec: obj as unknown as Spec, root };
}
