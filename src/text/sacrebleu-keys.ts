import { Bleu, type BleuOptions, SMOOTH_METHODS, type SmoothMethod } from './bleu.js';
import { Chrf, type ChrfOptions } from './chrf.js';
import { Ter } from './ter.js';
import type { TerTokenizerOptions } from './ter-tokenizer.js';
import { TOKENIZERS, type TokenizerName } from './tokenizers.js';

/** A metric configured from a sacreBLEU-style key such as `bleu:smooth_method=floor,tokenize=13a,refs=1`. */
export interface KeyedMetric {
  key: string;
  metric: 'bleu' | 'chrf' | 'ter';
  /** Use only the first N reference streams (the fixtures' `refs=1`), or all when undefined. */
  refs: number | undefined;
  /** Corpus-level numbers: `score`, and for BLEU `counts`, `totals`, `precisions`, `bp`, `sys_len`, `ref_len`. */
  corpus(hyps: readonly string[], refStreams: ReadonlyArray<ReadonlyArray<string | null>>): Record<string, unknown>;
  /** Sentence-level numbers for one hypothesis against its references. */
  sentence(hyp: string, refs: readonly string[]): Record<string, unknown>;
}

function bool(key: string, name: string, value: string): boolean {
  if (value === 'True') return true;
  if (value === 'False') return false;
  throw new Error(`${key}: ${name} must be True or False, got "${value}"`);
}

function int(key: string, name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key}: ${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function num(key: string, name: string, value: string): number | undefined {
  if (value === 'None') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${key}: ${name} must be a number or None, got "${value}"`);
  return n;
}

/** Parses a key (`metric:` + sorted `name=value` constructor arguments of sacreBLEU) into a runnable metric. */
export function parseMetricKey(key: string): KeyedMetric {
  const colon = key.indexOf(':');
  if (colon < 0) throw new Error(`${key}: expected "metric:args"`);
  const metric = key.slice(0, colon);
  const args = key.slice(colon + 1);
  const pairs = args === '' ? [] : args.split(',').map((a) => a.split('='));
  let refs: number | undefined;
  const bleu: BleuOptions = {};
  const chrf: ChrfOptions = {};
  const ter: TerTokenizerOptions = {};
  for (const pair of pairs) {
    const [name, value] = pair as [string, string | undefined];
    if (pair.length !== 2 || value === undefined)
      throw new Error(`${key}: expected name=value, got "${pair.join('=')}"`);
    if (name === 'refs') {
      refs = int(key, name, value);
      continue;
    }
    const unknown = () => new Error(`${key}: unsupported ${metric} argument "${name}"`);
    if (metric === 'bleu') {
      if (name === 'tokenize') {
        if (!(TOKENIZERS as readonly string[]).includes(value))
          throw new Error(`${key}: unsupported tokenizer "${value}"`);
        bleu.tokenize = value as TokenizerName;
      } else if (name === 'lowercase') bleu.lowercase = bool(key, name, value);
      else if (name === 'smooth_method') {
        if (!(SMOOTH_METHODS as readonly string[]).includes(value))
          throw new Error(`${key}: unknown smoothing "${value}"`);
        bleu.smoothMethod = value as SmoothMethod;
      } else if (name === 'smooth_value') {
        const v = num(key, name, value);
        if (v !== undefined) bleu.smoothValue = v;
      } else if (name === 'effective_order') bleu.effectiveOrder = bool(key, name, value);
      else if (name === 'max_ngram_order') bleu.maxNgramOrder = int(key, name, value);
      else throw unknown();
    } else if (metric === 'chrf') {
      if (name === 'char_order') chrf.charOrder = int(key, name, value);
      else if (name === 'word_order') chrf.wordOrder = int(key, name, value);
      else if (name === 'beta') chrf.beta = int(key, name, value);
      else if (name === 'lowercase') chrf.lowercase = bool(key, name, value);
      else if (name === 'whitespace') chrf.whitespace = bool(key, name, value);
      else if (name === 'eps_smoothing') chrf.epsSmoothing = bool(key, name, value);
      else throw unknown();
    } else if (metric === 'ter') {
      if (name === 'normalized') ter.normalized = bool(key, name, value);
      else if (name === 'no_punct') ter.noPunct = bool(key, name, value);
      else if (name === 'case_sensitive') ter.caseSensitive = bool(key, name, value);
      else throw unknown();
    } else throw new Error(`${key}: unknown metric "${metric}" (expected bleu, chrf or ter)`);
  }
  if (metric === 'bleu') {
    const m = new Bleu(bleu);
    const view = (s: ReturnType<Bleu['sentence']>) => ({
      score: s.score,
      counts: s.counts,
      totals: s.totals,
      precisions: s.precisions,
      bp: s.bp,
      sys_len: s.sysLen,
      ref_len: s.refLen,
    });
    return {
      key,
      metric,
      refs,
      corpus: (h, r) => view(m.corpus(h, r)),
      sentence: (h, r) => view(m.sentence(h, r)),
    };
  }
  if (metric === 'chrf') {
    const m = new Chrf(chrf);
    return {
      key,
      metric,
      refs,
      corpus: (h, r) => ({ score: m.corpus(h, r).score }),
      sentence: (h, r) => ({ score: m.sentence(h, r).score }),
    };
  }
  if (metric === 'ter') {
    const m = new Ter(ter);
    return {
      key,
      metric,
      refs,
      corpus: (h, r) => ({ score: m.corpus(h, r).score }),
      sentence: (h, r) => ({ score: m.sentence(h, r).score }),
    };
  }
  throw new Error(`${key}: unknown metric "${metric}" (expected bleu, chrf or ter)`);
}
