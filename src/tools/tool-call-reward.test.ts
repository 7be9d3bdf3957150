import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import type { Message, RewardResult, Sample } from '../core/types.js';
import { pyEqual } from './py-equal.js';
import { toolCallReward } from './tool-call-reward.js';
import { matchScore, toolCallCorrectness } from './toolrl-correctness.js';
import { toolrlFormatOk } from './toolrl-format.js';
import { lengthReward, rangesAt } from './toolrl-schedule.js';

// Test vectors: /work/shared/research/paper-methods.md §4 (ToolRL rlla.py), marked "paper";
// the rest are computed by hand from the same formulas.
const GT = '<tool_call>\n{"name": "search", "parameters": {"q": "a", "n": 2}}\n</tool_call>';
const answer = (calls: string) => `<think>look it up</think>\n<tool_call>\n${calls}\n</tool_call>`;

contractSuite(toolCallReward, {
  samples: [
    { prompt: 'q', response: answer('{"name": "search", "parameters": {"q": "a", "n": 2}}'), reference: GT },
    { prompt: 'q', response: answer('{"name": "search", "parameters": {"q": "a", "n": 3}}'), reference: GT },
    { prompt: 'q', response: 'no tags at all', reference: GT },
  ],
});

const registry = createRegistry();
async function score(
  response: Sample['response'],
  reference: unknown,
  params = {},
  metadata?: Record<string, unknown>,
) {
  const root = compileNode({ kind: 'tool-call', params }, registry, { file: 't' });
  const sample: Sample = { prompt: 'q', response, reference, ...(metadata ? { metadata } : {}) };
  const [r] = await new Runner().score(root, [sample]);
  return r as RewardResult;
}

describe('ToolRL correctness (paper vectors)', () => {
  it('gives 1.5 for a wrong value and 2.5 in total with the format (paper)', async () => {
    const r = await score(answer('{"name": "search", "parameters": {"q": "a", "n": 3}}'), GT);
    expect(r.details).toMatchObject({ correctness: 1.5, format: 1, matched: 3, possible: 4 });
    expect(r.score).toBe(2.5);
  });

  it('gives -3 for the wrong tool (paper)', async () => {
    const r = await score(answer('{"name": "lookup", "parameters": {"q": "a"}}'), GT, { component: 'correctness' });
    expect(r.score).toBe(-3);
  });

  it('matches name lists by multiset Jaccard (paper: 2/3)', () => {
    expect(matchScore(['a', 'b'], ['b', 'a', 'c'])).toBeCloseTo(2 / 3);
    expect(matchScore(['a', 'a', 'b'], ['a', 'b', 'b'])).toBeCloseTo(2 / 4);
    expect(matchScore([], ['a'])).toBe(0);
    expect(matchScore([], [])).toBe(1);
    expect(matchScore(['a', 'b'], ['b', 'a'], true)).toBe(0);
  });

  it('gives the maximum for an exact list and -3 for missing or broken tags', async () => {
    expect((await score(answer('{"name": "search", "parameters": {"n": 2.0, "q": "a"}}'), GT)).score).toBe(4);
    expect((await score('<think>x</think>\nno call', GT, { component: 'correctness' })).score).toBe(-3);
    expect((await score(answer('{"name": "search", "parameters": {'), GT, { component: 'correctness' })).score).toBe(
      -3,
    );
  });

  it('pairs each truth call with the best unused prediction of the same name', () => {
    const truth = [
      { name: 'f', parameters: { a: 1 } },
      { name: 'f', parameters: { a: 2 } },
    ];
    const predicted = [
      { name: 'f', parameters: { a: 2 } },
      { name: 'f', parameters: { a: 1 } },
    ];
    // names equal (1) + each truth call finds its twin: 1 key + 1 value each -> 5 of 5.
    const r = toolCallCorrectness(truth, predicted, { max: 3, min: -3 });
    expect(r).toEqual({ score: 3, matched: 5, possible: 5 });
    // One prediction for two truth calls: names 1/2, first truth call 2, second nothing -> 2.5/5.
    const one = toolCallCorrectness(truth, [{ name: 'f', parameters: { a: 1 } }], { max: 3, min: -3 });
    expect(one).toEqual({ score: 0, matched: 2.5, possible: 5 });
  });

  it('implements the strict, intermediate and coarse ablations', () => {
    const truth = [{ name: 's', parameters: { q: 'a', n: 2 } }];
    const near = [{ name: 's', parameters: { q: 'a', n: 3 } }];
    // strict: keys equal (1) + q (1) + names (1) = 3/4, as partial here since the key lists are equal.
    expect(toolCallCorrectness(truth, near, { max: 3, min: -3 }, 'strict').score).toBe(1.5);
    const reordered = [{ name: 's', parameters: { n: 3, q: 'a' } }];
    // strict key match needs the same order: 0 + q (1) + names (1) = 2/4 -> 0.
    expect(toolCallCorrectness(truth, reordered, { max: 3, min: -3 }, 'strict').score).toBe(0);
    // intermediate: +1 per whole-call match only: names 1 of 2 -> 6·1/2 − 3 = 0.
    expect(toolCallCorrectness(truth, near, { max: 3, min: -3 }, 'intermediate').score).toBe(0);
    expect(toolCallCorrectness(truth, near, { max: 3, min: -3 }, 'coarse').score).toBe(-3);
  });

  it('compares values with Python ==', () => {
    expect(pyEqual(1, 1.0)).toBe(true);
    expect(pyEqual(true, 1)).toBe(true);
    expect(pyEqual('1', 1)).toBe(false);
    expect(pyEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(pyEqual([1, 2], [2, 1])).toBe(false);
    expect(pyEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('ToolRL format', () => {
  const both = { hasToolCall: true, hasResponse: true };
  it('requires exactly the blocks of the ground truth, in order, once each', () => {
    expect(toolrlFormatOk(answer('{}'), { hasToolCall: true, hasResponse: false })).toBe(true);
    expect(toolrlFormatOk(`${answer('{}')}\n`, { hasToolCall: true, hasResponse: false })).toBe(true);
    expect(toolrlFormatOk(`${answer('{}')}\n\n`, { hasToolCall: true, hasResponse: false })).toBe(false);
    expect(toolrlFormatOk(`${answer('{}')}\n<response>ok</response>`, both)).toBe(true);
    expect(toolrlFormatOk(`${answer('{}')}\n<response>ok</response>`, { hasToolCall: true, hasResponse: false })).toBe(
      false,
    );
    expect(
      toolrlFormatOk('<think>a</think>\n<response>x</response><response>', { hasToolCall: false, hasResponse: true }),
    ).toBe(false);
    expect(toolrlFormatOk('<think>\nmulti\nline</think>', { hasToolCall: false, hasResponse: false })).toBe(true);
    expect(toolrlFormatOk('<tool_call>\n{}\n</tool_call>', { hasToolCall: true, hasResponse: false })).toBe(false);
  });

  it('scores correctness 0 when the truth has no tool call', async () => {
    const r = await score('<think>hi</think>\n<response>Hello!</response>', '<response>Hi</response>');
    expect(r.details).toMatchObject({ format: 1, correctness: 0 });
  });
});

describe('ToolRL ranges and schedules', () => {
  it('moves the dynamic ranges linearly over 150 steps, with the clips', () => {
    expect(rangesAt(0, 'dynamic', false)).toEqual({ format: { max: 2, min: -2 }, correctness: { max: 2, min: -2 } });
    expect(rangesAt(75, 'dynamic', false)).toEqual({
      format: { max: 1.5, min: -1 },
      correctness: { max: 2.5, min: -2.5 },
    });
    expect(rangesAt(150, 'dynamic', false)).toEqual({ format: { max: 1, min: -1 }, correctness: { max: 3, min: -3 } });
    expect(rangesAt(300, 'dynamic', false)).toEqual({ format: { max: 1, min: -1 }, correctness: { max: 3, min: -3 } });
  });

  it('switches the two-stage ranges at step 30, and equal-max narrows correctness', () => {
    expect(rangesAt(29, 'two-stage', false)).toEqual({ format: { max: 1, min: 0 }, correctness: { max: 1, min: -1 } });
    expect(rangesAt(30, 'two-stage', false)).toEqual({
      format: { max: 0.5, min: 0 },
      correctness: { max: 3, min: -3 },
    });
    expect(rangesAt(0, 'none', true).correctness).toEqual({ max: 1, min: -1 });
  });

  it('reads the step from metadata and refuses to guess it', async () => {
    const sample = answer('{"name": "search", "parameters": {"q": "a", "n": 3}}');
    const r = await score(sample, GT, { schedule: 'dynamic' }, { step: 0 });
    // format max 2; correctness (2 − (−2))·3/4 − 2 = 1.
    expect(r.details).toMatchObject({ format: 2, correctness: 1 });
    expect((await score(sample, GT, { schedule: 'dynamic' })).code).toBe('missing-input');
  });

  it('adds the length reward on <think> words', async () => {
    expect(lengthReward(256, 0, false)).toBe(0.5);
    expect(lengthReward(2000, 0, false)).toBe(1);
    expect(lengthReward(384, 0, true)).toBe(1);
    expect(lengthReward(320, 105, true)).toBe(0.5);
    const r = await score(answer('{"name": "search", "parameters": {"q": "a", "n": 2}}'), GT, { length: true });
    expect(r.details).toMatchObject({ length: 0.01 }); // 3 words / 512, rounded to 2 places
  });
});

describe('OpenAI-style tool_calls', () => {
  const call = (name: string, args: string | Record<string, unknown>): Message => ({
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: args } }],
  });
  const truth = [{ type: 'function', function: { name: 'search', arguments: '{"q": "a", "n": 2}' } }];

  it('scores message tool calls against an OpenAI-style or ToolRL truth', async () => {
    expect((await score([call('search', '{"q": "a", "n": 2}')], truth)).score).toBe(4);
    const near = await score([call('search', { q: 'a', n: 3 })], GT);
    expect(near.details).toMatchObject({ correctness: 1.5, format: 1, via: 'messages' });
  });

  it('fails the format and correctness for unparsable arguments or a missing call', async () => {
    const broken = await score([call('search', '{"q": ')], truth);
    expect(broken.details).toMatchObject({ format: 0, correctness: -3 });
    const none = await score([{ role: 'assistant', content: 'I will not call anything' }], truth);
    expect(none.details).toMatchObject({ format: 0, correctness: -3 });
  });

  it('rejects a malformed truth as an invalid reference', async () => {
    expect((await score(answer('{}'), [{ nope: 1 }])).code).toBe('invalid-reference');
    expect((await score(answer('{}'), '<tool_call>\nnot json\n</tool_call>')).code).toBe('invalid-reference');
  });
});
