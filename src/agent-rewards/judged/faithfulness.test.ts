import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { asked, chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Services } from '../../core/define.js';
import type { Message, Sample } from '../../core/types.js';
import { sentences, trmFaithfulness } from './faithfulness.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
// The scripted judge backs a sentence when it mentions a fact the evidence holds.
const byFact = () =>
  server.script((req) => {
    const user = String(req.body.messages?.[1]?.content ?? '');
    const sentence = /<response>([\s\S]*?)<\/response>/.exec(user)?.[1] ?? '';
    return { body: chat(JSON.stringify({ reasoning: 'r', met: /Warsaw|1867/.test(sentence) })) };
  });
beforeAll(async () => {
  await server.start();
  byFact();
  services.backends = judgeBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const EVIDENCE = 'Marie Curie was born in Warsaw in 1867 and later moved to Paris to study physics at the Sorbonne.';
const trajectory = (answer: string): Sample => ({
  prompt: 'Where was Marie Curie born?',
  response: [
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { name: 'search', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: EVIDENCE },
    { role: 'assistant', content: answer },
  ] as Message[],
});

describe('trm-faithfulness', () => {
  contractSuite(trmFaithfulness, {
    samples: [trajectory('She was born in Warsaw. She won three Oscars.')],
    runnerOptions: { services },
  });

  it('splits sentences after . ! ? and drops empty pieces', () => {
    expect(sentences('A b. C d!  E? ... ')).toEqual(['A b.', 'C d!', 'E?']);
  });

  it('share of sentences the judge finds backed; one call per sentence; steps per sentence', async () => {
    byFact();
    const [r] = await score(
      { kind: 'trm-faithfulness' },
      [trajectory('She was born in Warsaw. That was in 1867. She won three Oscars.')],
      services.backends as never,
    );
    expect(r?.score).toBeCloseTo(2 / 3, 12);
    expect(r?.steps).toEqual([1, 1, 0]);
    expect(server.seen).toHaveLength(3);
    expect(asked(server.seen[0] as never)).toContain(EVIDENCE);
  });

  it('copying the evidence verbatim scores 0 with no judge call', async () => {
    byFact();
    const [r] = await score({ kind: 'trm-faithfulness' }, [trajectory(EVIDENCE)], services.backends as never);
    expect(r?.score).toBe(0);
    expect(r?.details?.reason).toMatch(/copies/);
    expect(server.seen).toHaveLength(0);
  });

  it('no evidence is unscorable, not 0; a failing judge is an error, not a score', async () => {
    const [none] = await score(
      { kind: 'trm-faithfulness' },
      [{ prompt: 'q', response: 'She was born in Warsaw.' }],
      services.backends as never,
    );
    expect(none?.code).toBe('missing-input');
    server.script(() => ({ body: chat('I cannot tell.') }));
    const [bad] = await score(
      { kind: 'trm-faithfulness' },
      [trajectory('She was born in Warsaw.')],
      services.backends as never,
    );
    expect(bad?.status).toBe('error');
    byFact();
  });
});
