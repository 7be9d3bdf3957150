import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { jsonSourcesParam, jsonType, readJson } from './json-extract.js';

const params = z.object({
  type: z
    .enum(['any', 'object', 'array'])
    .default('any')
    .describe('the top-level JSON type required (any = any JSON value)'),
  extract: jsonSourcesParam,
});

/** 1 when the response (or its ```json fence / `<answer>` tag) parses as JSON of the required top-level type. */
export const jsonValid = defineReward({
  kind: 'json-valid',
  description: 'Response parses as JSON (optionally from a ```json fence or <answer> tag), of a required type',
  source: 'ECMA-404 JSON grammar via JSON.parse',
  params,
  capabilities: { ...RULE, bounds: [0, 1] },
  score(sample, p) {
    const read = readJson(responseText(sample), p.extract);
    if (!read.ok) return scored(0, read.reason === 'no-answer' ? { reason: 'no-answer' } : { ...read });
    const type = jsonType(read.value);
    if (p.type !== 'any' && type !== p.type) {
      return scored(0, { reason: 'wrong-type', source: read.source, type, expected: p.type });
    }
    return scored(1, { source: read.source, type });
  },
});
