// The shared reward contract for every judge kind, each call answered by the scripted server.
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { Services } from '../../src/core/define.js';
import type { NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { JUDGE_DEFINITIONS } from '../../src/judges/index.js';
import { ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';
import { contractSuite } from '../contract.js';
import { asked, chat, judgeBackends } from './scripted-judge.js';

const server = new ScriptedServer();
const refused: string[] = [];
beforeAll(() => server.start());
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

/** Pairwise: the first slot wins when it says 42 (so verdicts stay consistent when the order swaps). */
const firstSays42 = (text: string) => /id="(?:A|1)">\n[^<]*42/.test(text);

/** A well-formed verdict for whichever template asked. */
export function anyVerdict(req: SeenRequest) {
  const text = asked(req);
  const last = req.body.messages.at(-1)?.content ?? '';
  const ab = firstSays42(text) ? 'A' : 'B';
  if (text.includes('<answer>[[A]]</answer> if Chatbot A'))
    return { body: chat(`<eval>x</eval><answer>[[${ab}]]</answer>`) };
  if (last.includes('Turn 1.') && req.body.messages.length === 2)
    return { body: chat('Criteria: accuracy\nHypothesis A: ok\nHypothesis B: ok') };
  if (last.startsWith('Turn 2.')) return { body: chat(`It holds up. [[${ab}]]`) };
  if (text.includes('[[1]] if Action 1')) return { body: chat(`Better. [[${ab === 'A' ? 1 : 2}]]`) };
  if (text.includes('"verdict": "A" | "B" | "tie"')) return { body: chat(`{"verdict": "${ab}"}`) };
  if (text.includes('<reference>')) return { body: chat('{"verdict": "correct"}') };
  if (text.includes('<criterion>')) return { body: chat('{"met": true}') };
  const models = [...new Set(text.match(/model-\d+/g) ?? [])].filter((m) => text.includes(`id="${m}"`));
  if (models.length)
    return { body: chat(JSON.stringify({ scores: Object.fromEntries(models.map((m, i) => [m, 1 + (i % 5)])) })) };
  const rs = [...new Set(text.match(/id="r\d+"/g) ?? [])].map((m) => m.slice(4, -1));
  if (rs.length) return { body: chat(JSON.stringify({ scores: rs.map((id, i) => ({ id, score: i / rs.length })) })) };
  if (text.includes('Write a short critique'))
    return { body: chat(req.body.messages.length > 2 ? '{"rating": 6}' : 'Fine.') };
  return { body: chat('{"reasoning": "ok", "rating": 6}') };
}

const NODES: Record<string, NodeSpec> = {
  'judge-principles': { kind: 'judge-principles', params: { principles: ['is correct'] } },
  rubric: { kind: 'rubric', params: { rubric: [{ criterion: 'is correct', weight: 2 }, { criterion: 'is kind' }] } },
  'healthbench-rubric': { kind: 'healthbench-rubric', params: { rubric: [{ criterion: 'is correct', points: 3 }] } },
  checklist: { kind: 'checklist', params: { checklist: ['is correct'] } },
  'open-rubrics': { kind: 'open-rubrics', params: { hardRules: ['is short'], principles: ['is correct'] } },
  'judge-ensemble': { kind: 'judge-ensemble', terms: [{ kind: 'judge-pointwise' }, { kind: 'judge-critique' }] },
  'hybrid-verifier': { kind: 'hybrid-verifier', rules: { kind: 'math' }, judge: { kind: 'judge-verifier' } },
};

const typical: Sample[] = [
  { prompt: 'What is 6*7?', response: 'It is 42.', reference: '42', group: 'g', metadata: { context: 'a child' } },
  {
    prompt: 'What is 6*7?',
    response: '\\boxed{42}',
    reference: { response: 'Forty-two.' },
    group: 'g',
    metadata: { context: 'a child' },
  },
  { prompt: 'What is 6*7?', response: 'I think 41.', reference: '42', group: 'g', metadata: { context: 'a child' } },
];

for (const def of JUDGE_DEFINITIONS) {
  describe(`judge contract: ${def.kind}`, () => {
    const services: Services = {};
    beforeAll(() => {
      server.script(anyVerdict);
      services.backends = judgeBackends(server, refused);
    });
    contractSuite(def, { node: NODES[def.kind] ?? { kind: def.kind }, samples: typical, runnerOptions: { services } });
  });
}
