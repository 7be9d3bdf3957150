import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { lastJsonFence, readJson } from './json-extract.js';
import { jsonValid } from './json-valid.js';

contractSuite(jsonValid, {
  samples: [
    { prompt: 'q', response: '{"a": 1}' },
    { prompt: 'q', response: 'Here:\n```json\n[1, 2]\n```' },
    { prompt: 'q', response: '{"a": 1,}' },
  ],
});

describe('JSON extraction', () => {
  it('reads the last json (or unlabelled) fence', () => {
    expect(lastJsonFence('```json\n{"a":1}\n```\ntext\n```\n{"b":2}\n```')).toBe('{"b":2}');
    expect(lastJsonFence('```python\nx = 1\n```')).toBeNull();
  });

  it('tries the sources in order and stops at the first that holds text', () => {
    const text = '<answer>{"x": 1}</answer>';
    expect(readJson(text, ['fence', 'answer-tag', 'whole'])).toEqual({
      ok: true,
      value: { x: 1 },
      source: 'answer-tag',
    });
    expect(readJson(text, ['whole'])).toMatchObject({ ok: false, reason: 'invalid-json', source: 'whole' });
    expect(readJson('<think>{"a":1}</think>', ['whole'])).toEqual({ ok: false, reason: 'no-answer' });
  });
});

describe('json-valid', () => {
  const registry = createRegistry();
  const score = async (response: string, params = {}) => {
    const root = compileNode({ kind: 'json-valid', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response }]);
    return r;
  };

  it('scores valid JSON 1 and invalid JSON 0 with the parser error', async () => {
    expect(await score(' {"a": [1, 2, {"b": null}]} ')).toMatchObject({ score: 1, details: { type: 'object' } });
    const bad = await score('{"a": 1,}');
    expect(bad).toMatchObject({ score: 0, details: { reason: 'invalid-json', source: 'whole' } });
    expect(String(bad?.details?.error)).toMatch(/JSON/);
    expect((await score("{'a': 1}"))?.score).toBe(0);
  });

  it('extracts from a ```json fence by default, or only the whole text when asked', async () => {
    const fenced = 'Sure, here it is:\n```json\n{"ok": true}\n```\nAnything else?';
    expect(await score(fenced)).toMatchObject({ score: 1, details: { source: 'fence' } });
    expect((await score(fenced, { extract: ['whole'] }))?.score).toBe(0);
  });

  it('can require an object or an array at the top level', async () => {
    expect((await score('"just a string"'))?.score).toBe(1);
    expect(await score('"just a string"', { type: 'object' })).toMatchObject({
      score: 0,
      details: { reason: 'wrong-type', type: 'string' },
    });
    expect((await score('[1]', { type: 'array' }))?.score).toBe(1);
  });

  it('survives very deep nesting as a result', async () => {
    const r = await score(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(r?.status).toBe('scored');
  });
});
