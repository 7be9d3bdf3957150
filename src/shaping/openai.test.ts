import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractSuite } from '../../test/contract.js';
import { input, registry, run, scores } from '../../test/shaping/run.js';
import { createRegistry } from '../catalog.js';
import { defineReward, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { Runner } from '../core/runner.js';
import { compileSpec } from '../core/spec.js';
import type { Sample } from '../core/types.js';
import { openaiMulti, openaiStringCheck } from './openai-graders.js';
import { importOpenAIGrader } from './openai-import.js';
import { templateNode } from './template.js';

const row = (response: string, metadata: Record<string, unknown> = {}, reference?: unknown): Sample => ({
  prompt: 'q',
  response,
  metadata,
  ...(reference === undefined ? {} : { reference }),
});

contractSuite(openaiStringCheck, {
  node: { kind: 'openai.string-check', params: { reference: '{{ item.reference }}', operation: 'ilike' } },
  samples: [row('The answer is Paris', {}, 'paris'), row('Rome', {}, 'Paris')],
});
contractSuite(openaiMulti, {
  node: {
    kind: 'openai.multi',
    params: { calculate_output: '0.5 * x + y' },
    graders: [input('x', 'x'), input('y', 'y')],
  },
  samples: [row('a', { x: 1, y: 0.25 })],
});
contractSuite(templateNode, {
  node: { kind: 'template', params: { response: '{{ sample.output_json.answer }}' }, reward: { kind: 'exact-match' } },
  samples: [row('{"answer": "4"}', {}, '4'), row('not json', {}, '4')],
});

describe('OpenAI string_check', () => {
  const check = (operation: string, reference = '{{ item.reference }}') => ({
    kind: 'openai.string-check',
    params: { reference, operation },
  });
  it('eq, ne, like and ilike on rendered templates', async () => {
    const samples = [row('Paris', {}, 'Paris'), row('in Paris!', {}, 'Paris'), row('PARIS', {}, 'paris')];
    expect(scores(await run(check('eq'), samples))).toEqual([1, 0, 0]);
    expect(scores(await run(check('ne'), samples))).toEqual([0, 1, 1]);
    expect(scores(await run(check('like'), samples))).toEqual([1, 1, 0]);
    expect(scores(await run(check('ilike'), samples))).toEqual([1, 1, 1]);
  });

  it('reads item fields from metadata and sample.output_json paths', async () => {
    const node = {
      kind: 'openai.string-check',
      params: { input: '{{ sample.output_json.verdict }}', reference: '{{ item.labels[1] }}', operation: 'eq' },
    };
    const results = await run(node, [
      row('{"verdict": "yes"}', { labels: ['no', 'yes'] }),
      row('oops', { labels: ['no', 'yes'] }),
    ]);
    expect(scores(results)).toEqual([1, null]);
    expect(results[1]).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(results[1]?.message).toMatch(/\{\{ sample\.output_json\.verdict \}\}/);
  });

  it('rejects a bad template at compile time, naming the param', async () => {
    await expect(run(check('eq', '{{ answer }}'), [])).rejects.toThrow(
      /params\.reference: bad placeholder "\{\{answer\}\}"/,
    );
    await expect(run(check('eq', '{{ item.x }'), [])).rejects.toThrow(/unbalanced/);
  });
});

describe('OpenAI multi', () => {
  const graders = [input('accuracy', 'x'), input('format', 'y')];
  it('evaluates calculate_output over the graders by name', async () => {
    const node = {
      kind: 'openai.multi',
      params: { calculate_output: '0.7 * accuracy + 0.3 * min(format, 0.5)' },
      graders,
    };
    const [r] = await run(node, [row('a', { x: 1, y: 1 })]);
    expect(r?.score).toBeCloseTo(0.85, 12);
    expect(r?.details).toMatchObject({ inputs: { accuracy: 1, format: 1 } });
  });

  it('errors on a formula naming no grader, and on a non-finite value', async () => {
    const unknown = await run({ kind: 'openai.multi', params: { calculate_output: 'acc + format' }, graders }, [
      row('a', { x: 1, y: 1 }),
    ]);
    expect(unknown[0]).toMatchObject({ status: 'error', code: 'invalid-spec' });
    expect(unknown[0]?.message).toMatch(/"acc", which names no grader \(graders: accuracy, format\)/);
    const div = await run({ kind: 'openai.multi', params: { calculate_output: 'accuracy / format' }, graders }, [
      row('a', { x: 1, y: 0 }),
    ]);
    expect(div[0]).toMatchObject({ status: 'error', code: 'reward-failed' });
    expect(div[0]?.message).toMatch(/calculate_output gave Infinity/);
    await expect(run({ kind: 'openai.multi', params: { calculate_output: '1 +' }, graders }, [])).rejects.toThrow(
      /params\.calculate_output: calculate_output: expected a number/,
    );
  });

  it('graders the formula does not use are metrics that never block', async () => {
    const node = { kind: 'openai.multi', params: { calculate_output: 'accuracy' }, graders };
    const [r] = await run(node, [row('a', { x: 0.5 })]);
    expect(r?.score).toBe(0.5);
    expect(r?.components).toMatchObject({ format: null });
  });
});

// A stand-in for the text-metric family so the importer test does not depend on its schedule.
const rougeStandIn = defineReward({
  kind: 'rouge',
  description: 'test stand-in: 1 when response equals reference',
  params: z.object({ type: z.string() }),
  capabilities: { ...RULE, needsReference: true },
  score: (s, _p, ref) => scored(s.response === ref ? 1 : 0),
});
const importRegistry = registry.has('rouge') ? registry : createRegistry([rougeStandIn]);

describe('importing OpenAI graders', () => {
  const multi = {
    type: 'multi',
    name: 'math grader',
    calculate_output: '0.8 * correct + 0.2 * similar',
    graders: {
      correct: {
        type: 'string_check',
        name: 'c',
        input: '{{ sample.output_text }}',
        reference: '{{ item.answer }}',
        operation: 'eq',
      },
      similar: {
        type: 'text_similarity',
        name: 's',
        input: '{{ sample.output_text }}',
        reference: '{{ item.answer }}',
        evaluation_metric: 'rouge_l',
      },
    },
  };

  it('converts multi + string_check + text_similarity into a spec that scores like the grader', async () => {
    const { spec, warnings } = importOpenAIGrader(multi, importRegistry);
    expect(warnings).toEqual([]);
    expect(spec).toMatchObject({
      name: 'math grader',
      reward: {
        kind: 'openai.multi',
        params: { calculate_output: '0.8 * correct + 0.2 * similar' },
        graders: [
          { kind: 'openai.string-check', name: 'correct', params: { operation: 'eq', reference: '{{ item.answer }}' } },
          { kind: 'template', name: 'similar', reward: { kind: 'rouge', params: { type: 'rougeL' } } },
        ],
      },
    });
    const { root } = compileSpec(spec, importRegistry, { file: 'imported' });
    const [r] = await new Runner().score(root, [row('42', { answer: '42' })]);
    expect(r?.score).toBeCloseTo(1, 12);
    expect(r?.components).toMatchObject({ correct: 1, similar: 1 });
  });

  it('names the offending path for bad graders', () => {
    const bad = (grader: unknown) => () => importOpenAIGrader(grader, importRegistry, 'g.json');
    expect(bad({ ...multi, calculate_output: 'correct + nope' })).toThrow(
      /g\.json: grader\.calculate_output: names no grader: nope/,
    );
    expect(
      bad({ type: 'string_check', input: '{{ sample.output_text }}', reference: 'x', operation: 'like2' }),
    ).toThrow(/grader\.operation: expected eq, ne, like or ilike/);
    expect(
      bad({
        type: 'multi',
        calculate_output: 'a',
        graders: { a: { type: 'string_check', operation: 'eq', input: 'x' } },
      }),
    ).toThrow(/grader\.graders\.a\.reference: expected a string/);
    expect(bad({ type: 'text_similarity', reference: 'x', evaluation_metric: 'meteor' })).toThrow(
      /metric "meteor" is not supported yet: no registered kind computes it/,
    );
    expect(bad({ type: 'text_similarity', reference: 'x', evaluation_metric: 'cosine' })).toThrow(
      /embedding model backend/,
    );
    expect(bad({ type: 'nope' })).toThrow(/unknown grader type "nope"/);
  });

  it('refuses model and python graders with a clear reason instead of faking them', () => {
    const model = { type: 'score_model', name: 'judge', model: 'o3-mini', input: [{ role: 'user', content: 'grade' }] };
    expect(() => importOpenAIGrader(model, importRegistry)).toThrow(
      /score_model graders call a model: unsupported until model backends exist/,
    );
    const inMulti = { type: 'multi', calculate_output: 'j', graders: { j: model } };
    expect(() => importOpenAIGrader(inMulti, importRegistry)).toThrow(/grader\.graders\.j\.type: score_model/);
    expect(() => importOpenAIGrader({ type: 'python', source: 'def grade(s, i): return 1' }, importRegistry)).toThrow(
      /python graders run arbitrary code/,
    );
  });

  it('warns about what it drops or approximates', () => {
    const grader = {
      type: 'text_similarity',
      reference: '{{ item.a }}',
      evaluation_metric: 'rouge_1',
      pass_threshold: 0.5,
    };
    const { warnings } = importOpenAIGrader(grader, importRegistry);
    expect(warnings).toEqual([expect.stringMatching(/pass_threshold dropped/)]);
  });
});
