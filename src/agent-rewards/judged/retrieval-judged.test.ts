import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Backends } from '../../backends/index.js';
import type { Services } from '../../core/define.js';
import type { Message, Sample } from '../../core/types.js';
import { passagesPerCall, r3Rag, searchR2Density } from './retrieval-judged.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
// A passage is relevant when it names Herbert.
const relevance = () =>
  server.script((req) => {
    const passage = /<response>([\s\S]*?)<\/response>/.exec(String(req.body.messages?.[1]?.content ?? ''))?.[1] ?? '';
    return { body: chat(JSON.stringify({ reasoning: 'r', met: /Herbert/.test(passage) })) };
  });
beforeAll(async () => {
  await server.start();
  relevance();
  services.backends = judgeBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const search = (id: string, result: string): Message[] => [
  { role: 'assistant', content: null, tool_calls: [{ id, function: { name: 'search', arguments: '{}' } }] },
  { role: 'tool', tool_call_id: id, content: result },
];
const sample = (answer: string, ...results: string[]): Sample => ({
  prompt: 'Who wrote Dune?',
  response: [
    ...results.flatMap((r, i) => search(`c${i}`, r)),
    { role: 'assistant', content: `<answer>${answer}</answer>` },
  ],
  reference: 'Frank Herbert',
});
// Call 0: one relevant passage of 4 words and one irrelevant one of 6; call 1: all relevant.
const R0 = 'Dune author: Frank Herbert.\n\nSand dunes form in deserts worldwide.';
const R1 = 'Herbert published Dune in 1965.';
const run = (kind: string, samples: Sample[], params = {}) =>
  score({ kind, params }, samples, services.backends as Backends);

contractSuite(r3Rag, { samples: [sample('Frank Herbert', R0)], runnerOptions: { services } });
contractSuite(searchR2Density, { samples: [sample('Frank Herbert', R0)], runnerOptions: { services } });

describe('r3-rag (reconstruction: weights are params)', () => {
  it('outcome + w_p · relevant share of passages + w_f · format', async () => {
    expect(passagesPerCall(sample('x', R0, R1))).toHaveLength(2);
    relevance();
    const [right, wrong] = await run('r3-rag', [sample('Frank Herbert', R0, R1), sample('Isaac Asimov', R0, R1)]);
    expect(right?.score).toBeCloseTo(1 + 0.5 * (2 / 3) + 0.1, 12);
    expect(right?.steps).toEqual([1, 0, 1]);
    expect(wrong?.score).toBeCloseTo(0.5 * (2 / 3) + 0.1, 12);
  });

  it('no retrieval earns no process reward; a missing reference is unscorable', async () => {
    const [r] = await run('r3-rag', [sample('Frank Herbert')]);
    expect(r?.score).toBeCloseTo(1.1, 12);
    const { reference: _r, ...bare } = sample('Frank Herbert', R0);
    expect((await run('r3-rag', [bare]))[0]?.status).toBe('unscorable');
  });
});

describe('search-r2-density (reconstruction: ρ and λ)', () => {
  it('ρ = mean over calls of relevant words / retrieved words; R = R_o + λρ', async () => {
    relevance();
    const [r] = await run('search-r2-density', [sample('Frank Herbert', R0, R1)]);
    const rho = (4 / 10 + 1) / 2;
    expect(r?.details?.density).toBeCloseTo(rho, 12);
    expect(r?.score).toBeCloseTo(1 + 0.5 * rho, 12);
  });

  it('densityOnlyIfCorrect: a short relevant snippet with a wrong answer earns nothing', async () => {
    relevance();
    const [loose, gated] = await Promise.all([
      run('search-r2-density', [sample('Asimov', R1)]),
      run('search-r2-density', [sample('Asimov', R1)], { densityOnlyIfCorrect: true }),
    ]);
    expect(loose[0]?.score).toBeCloseTo(0.5, 12);
    expect(gated[0]?.score).toBe(0);
  });
});
