// Turns an OpenAI RFT grader (JSON) into a rewardkit spec, so users can bring the graders they have.
import { RewardError } from '../core/codes.js';
import type { Registry } from '../core/registry.js';
import { compileSpec, type NodeSpec, type Spec } from '../core/spec.js';
import { parseExpression, variablesOf } from './expression.js';
import { templateProblem } from './template.js';

/** rewardkit kinds that compute each `text_similarity` metric, first registered one wins. */
export const TEXT_SIMILARITY_KINDS: Record<
  string,
  ReadonlyArray<{ kind: string; params?: Record<string, unknown> }>
> = {
  fuzzy_match: [{ kind: 'edit-similarity' }],
  bleu: [{ kind: 'bleu' }],
  gleu: [],
  meteor: [],
  cosine: [],
  rouge_1: [{ kind: 'rouge', params: { type: 'rouge1' } }],
  rouge_2: [{ kind: 'rouge', params: { type: 'rouge2' } }],
  rouge_3: [{ kind: 'rouge', params: { type: 'rouge3' } }],
  rouge_4: [{ kind: 'rouge', params: { type: 'rouge4' } }],
  rouge_5: [{ kind: 'rouge', params: { type: 'rouge5' } }],
  rouge_l: [{ kind: 'rouge', params: { type: 'rougeL' } }],
};

/** What an import produced: the spec, and notes on anything that was dropped. */
export interface ImportResult {
  spec: Spec;
  warnings: string[];
}

type Json = Record<string, unknown>;

function fail(where: string, message: string): never {
  throw new RewardError('invalid-spec', message, { where });
}

function str(g: Json, key: string, where: string, fallback?: string): string {
  const value = g[key] ?? fallback;
  if (typeof value !== 'string') fail(`${where}.${key}`, 'expected a string');
  return value;
}

function template(g: Json, key: string, where: string, fallback?: string): string {
  const value = str(g, key, where, fallback);
  const problem = templateProblem(value);
  if (problem) fail(`${where}.${key}`, problem);
  return value;
}

function nodeName(name: unknown, fallback: string): string {
  const raw = typeof name === 'string' && name.trim() !== '' ? name : fallback;
  return raw.replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '') || fallback;
}

function convert(raw: unknown, where: string, registry: Registry, warnings: string[], name?: string): NodeSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(where, 'expected a grader object');
  const g = raw as Json;
  const type = str(g, 'type', where);
  const own = name ?? nodeName(g.name, type);
  switch (type) {
    case 'string_check': {
      const operation = str(g, 'operation', where);
      if (!['eq', 'ne', 'like', 'ilike'].includes(operation)) {
        fail(`${where}.operation`, `expected eq, ne, like or ilike, got "${operation}"`);
      }
      return {
        kind: 'openai.string-check',
        name: own,
        params: { input: template(g, 'input', where), reference: template(g, 'reference', where), operation },
      };
    }
    case 'text_similarity': {
      const metric = str(g, 'evaluation_metric', where);
      const candidates = TEXT_SIMILARITY_KINDS[metric];
      if (!candidates) {
        const known = Object.keys(TEXT_SIMILARITY_KINDS).join(', ');
        fail(`${where}.evaluation_metric`, `unknown metric "${metric}" (known: ${known})`);
      }
      const target = candidates.find((c) => registry.has(c.kind));
      if (!target) {
        const why = metric === 'cosine' ? 'it needs an embedding model backend' : 'no registered kind computes it';
        fail(`${where}.evaluation_metric`, `text_similarity metric "${metric}" is not supported yet: ${why}`);
      }
      if (metric === 'fuzzy_match') {
        warnings.push(
          `${where}: fuzzy_match approximated by edit-similarity (OpenAI's exact algorithm is unpublished)`,
        );
      }
      if (g.pass_threshold !== undefined) {
        warnings.push(`${where}.pass_threshold dropped: the reward is the similarity itself, as in RFT`);
      }
      return {
        kind: 'template',
        name: own,
        params: {
          response: template(g, 'input', where, '{{ sample.output_text }}'),
          reference: template(g, 'reference', where),
        },
        reward: { kind: target.kind, ...(target.params ? { params: target.params } : {}) },
      };
    }
    case 'multi': {
      const graders = g.graders;
      if (graders === null || typeof graders !== 'object' || Array.isArray(graders)) {
        fail(`${where}.graders`, 'expected an object of named graders ({"name": {grader}, ...})');
      }
      const calculate = str(g, 'calculate_output', where);
      let vars: string[];
      try {
        vars = variablesOf(parseExpression(calculate));
      } catch (err) {
        fail(`${where}.calculate_output`, (err as Error).message);
      }
      const keys = Object.keys(graders);
      if (keys.length === 0) fail(`${where}.graders`, 'expected at least one grader');
      const unknown = vars.filter((v) => !keys.includes(v));
      if (unknown.length > 0) fail(`${where}.calculate_output`, `names no grader: ${unknown.join(', ')}`);
      for (const key of keys) {
        if (!/^[A-Za-z_]\w*$/.test(key)) fail(`${where}.graders.${key}`, 'grader keys must be identifiers');
      }
      return {
        kind: 'openai.multi',
        name: own,
        params: { calculate_output: calculate },
        graders: keys.map((key) => convert((graders as Json)[key], `${where}.graders.${key}`, registry, warnings, key)),
      };
    }
    case 'score_model':
    case 'label_model':
      return fail(`${where}.type`, `${type} graders call a model: unsupported until model backends exist in rewardkit`);
    case 'python':
      return fail(`${where}.type`, 'python graders run arbitrary code: not supported; port it to a rewardkit kind');
    default:
      return fail(`${where}.type`, `unknown grader type "${type}"`);
  }
}

/**
 * Converts an OpenAI grader (string_check, text_similarity, multi) into a spec and checks it compiles;
 * errors are `invalid-spec` RewardErrors naming the grader path (`grader.graders.accuracy.operation`).
 */
export function importOpenAIGrader(grader: unknown, registry: Registry, file = 'openai-grader'): ImportResult {
  const warnings: string[] = [];
  const reward = convert(grader, `${file}: grader`, registry, warnings);
  const name = (grader as Json).name;
  const spec: Spec = {
    ...(typeof name === 'string' ? { name } : {}),
    description: 'Imported from an OpenAI grader',
    reward,
  };
  compileSpec(spec, registry, { file });
  return { spec, warnings };
}
