// The shared reward contract for every judge kind, each call answered by the scripted server.
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { Services } from '../../src/core/define.js';
import type { NodeSpec } from '../../src/core/spec.js';
import type { Sample } from '../../src/core/types.js';
import { JUDGE_DEFINITIONS } from '../../src/judges/index.js';
import { ScriptedServer } from '../backends/scripted-server.js';
import { contractSuite } from '../contract.js';
import { anyVerdict, judgeBackends } from './scripted-judge.js';

const server = new ScriptedServer();
const refused: string[] = [];
beforeAll(() => server.start());
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

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
