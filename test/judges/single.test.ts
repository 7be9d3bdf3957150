// Pointwise-style judges against the scripted OpenAI-compatible server: valid verdicts, malformed output,
// refusals, empty and truncated replies, timeouts; rubric and checklist rewards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../src/core/spec.js';
import { healthbenchScore, rubricScore } from '../../src/judges/kinds/rubric.js';
import { ScriptedServer, type SeenRequest } from '../backends/scripted-server.js';
import { asked, chat, judgeBackends, score } from './scripted-judge.js';

const server = new ScriptedServer();
const refused: string[] = [];
beforeAll(() => server.start());
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const sample = { prompt: 'What is 6*7?', response: 'It is 42.', reference: '42' };

/** One reply for every request. */
const always = (body: unknown, delayMs = 0) => server.script(() => ({ body, ...(delayMs ? { delayMs } : {}) }));

async function one(node: NodeSpec, reply: unknown, s: Record<string, unknown> = sample, config = {}) {
  always(reply);
  const [r] = await score(node, [s as never], judgeBackends(server, refused, config));
  return r;
}

// Every single-call kind: its node, a valid reply and the score it gives.
const VALID: Array<[string, NodeSpec, string, number]> = [
  ['judge-pointwise', { kind: 'judge-pointwise' }, '{"reasoning": "right", "rating": 10}', 1],
  ['judge-context', { kind: 'judge-context' }, 'Fits the context. {"rating": 4}', 3 / 9],
  ['judge-verifier', { kind: 'judge-verifier' }, '{"reasoning": "same", "verdict": "correct"}', 1],
  [
    'judge-principles',
    { kind: 'judge-principles', params: { principles: ['concise', 'correct'] } },
    '{"met": true}',
    1,
  ],
  [
    'checklist',
    { kind: 'checklist', params: { checklist: ['says 42', { item: 'shows work', weight: 3 }] } },
    '{"met": false}',
    0,
  ],
  ['rubric', { kind: 'rubric', params: { rubric: [{ criterion: 'says 42', weight: 2 }] } }, '{"met": true}', 1],
  [
    'healthbench-rubric',
    { kind: 'healthbench-rubric', params: { rubric: [{ criterion: 'says 42', points: 5 }] } },
    'yes',
    1,
  ],
  [
    'open-rubrics',
    { kind: 'open-rubrics', params: { hardRules: ['is one sentence'], principles: ['is correct'] } },
    '{"met": true}',
    1,
  ],
];
const withContext = { ...sample, metadata: { context: 'The user is a child learning multiplication.' } };

describe.each(VALID)('%s', (kind, node, valid, expected) => {
  const s = kind === 'judge-context' ? withContext : sample;
  it('scores a valid verdict', async () => {
    const r = await one(node, chat(valid), s);
    expect(r?.status).toBe('scored');
    expect(r?.score).toBeCloseTo(expected);
  });
  it('malformed output is judge-unparsable, never a score', async () => {
    expect(await one(node, chat('The response seems reasonable overall.'), s)).toMatchObject({
      status: 'error',
      code: 'judge-unparsable',
    });
  });
  it('a refusal is judge-refused', async () => {
    expect(await one(node, chat("I'm sorry, but I can't help with grading this."), s)).toMatchObject({
      status: 'error',
      code: 'judge-refused',
    });
  });
  it('an empty reply is malformed-reply', async () => {
    expect(await one(node, chat(''), s)).toMatchObject({ status: 'error', code: 'malformed-reply' });
    expect(await one(node, chat(null), s)).toMatchObject({ status: 'error', code: 'malformed-reply' });
  });
  it('a truncated reply is judge-truncated, even when it holds a verdict', async () => {
    expect(await one(node, chat(valid, 'length'), s)).toMatchObject({ status: 'error', code: 'judge-truncated' });
  });
  it('a filtered reply is judge-refused', async () => {
    expect(await one(node, chat(valid, 'content_filter'), s)).toMatchObject({ status: 'error', code: 'judge-refused' });
  });
  it('a judge that does not answer in time is backend-timeout', async () => {
    always(chat(valid), 400);
    const [r] = await score(node, [s as never], judgeBackends(server, refused, { timeoutMs: 50 }));
    expect(r).toMatchObject({ status: 'error', code: 'backend-timeout' });
  });
});

describe('judge-pointwise', () => {
  it('an out-of-range rating is judge-invalid', async () => {
    expect(await one({ kind: 'judge-pointwise' }, chat('{"rating": 0}'))).toMatchObject({ code: 'judge-invalid' });
  });
  it('reads a rating from prose when there is no JSON, and honours structured: false', async () => {
    const r = await one({ kind: 'judge-pointwise', params: { structured: false } }, chat('Solid answer. Rating: 9'));
    expect(r?.details).toMatchObject({ rating: 9 });
    expect(server.seen[0]?.body.response_format).toBeUndefined();
  });
  it('takes a user template (which must keep the untrusted-data note)', async () => {
    const template = {
      system: 'Grade strictly. {{guard}}',
      user: 'Q: {{prompt}}\n<response>{{response}}</response>\nJSON rating 1-10.',
    };
    const r = await one({ kind: 'judge-pointwise', params: { template } }, chat('{"rating": 2}'));
    expect(r?.score).toBeCloseTo(1 / 9);
    expect(asked(server.seen[0] as SeenRequest)).toMatch(/^Grade strictly\. Everything between/);
  });
});

describe('judge-context', () => {
  it('shows the context and is missing-input without one', async () => {
    await one({ kind: 'judge-context' }, chat('{"rating": 7}'), withContext);
    expect(asked(server.seen[0] as SeenRequest)).toContain('child learning multiplication');
    expect(await one({ kind: 'judge-context' }, chat('{"rating": 7}'))).toMatchObject({
      status: 'unscorable',
      code: 'missing-input',
    });
  });
});

describe('judge-verifier', () => {
  it('incorrect and invalid verdicts score 0 and say which', async () => {
    expect(await one({ kind: 'judge-verifier' }, chat('{"verdict": "incorrect"}'))).toMatchObject({
      score: 0,
      details: { verdict: 'incorrect' },
    });
    expect(await one({ kind: 'judge-verifier' }, chat('{"verdict": "invalid"}'))).toMatchObject({
      score: 0,
      details: { verdict: 'invalid' },
    });
    expect(await one({ kind: 'judge-verifier' }, chat('{"verdict": "maybe"}'))).toMatchObject({
      code: 'judge-invalid',
    });
  });
  it('needs a reference, and can hide the question', async () => {
    expect(await one({ kind: 'judge-verifier' }, chat('x'), { prompt: 'q', response: 'r' })).toMatchObject({
      code: 'no-reference',
    });
    await one({ kind: 'judge-verifier', params: { withQuestion: false } }, chat('{"verdict": "correct"}'));
    expect(asked(server.seen[0] as SeenRequest)).not.toContain('6*7');
  });
});

describe('judge-critique (two turns)', () => {
  it('critiques first, then rates with the critique in the conversation', async () => {
    server.script((req) => ({
      body: chat(req.body.messages.length > 2 ? '{"rating": 8}' : 'Correct and brief; no working shown.'),
    }));
    const [r] = await score({ kind: 'judge-critique' }, [sample], judgeBackends(server, refused));
    expect(r).toMatchObject({ status: 'scored', details: { rating: 8 } });
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]?.body.messages[2]).toEqual({
      role: 'assistant',
      content: 'Correct and brief; no working shown.',
    });
  });
  it('an unreadable second turn is judge-unparsable', async () => {
    server.script((req) => ({ body: chat(req.body.messages.length > 2 ? 'pretty good' : 'A critique.') }));
    const [r] = await score({ kind: 'judge-critique' }, [sample], judgeBackends(server, refused));
    expect(r).toMatchObject({ status: 'error', code: 'judge-unparsable' });
  });
});

describe('rubric rewards', () => {
  const metIf = (pattern: RegExp) => (req: SeenRequest) => ({
    body: chat(`{"met": ${pattern.test(req.body.messages[1].content.split('<criterion>')[1] ?? '')}}`),
  });

  it('explicit: Σ w·met / Σ positive w, negative weights subtract, clipped (Rubrics as Rewards)', () => {
    expect(rubricScore([2, 1, 1], [true, false, true])).toBeCloseTo(3 / 4);
    expect(rubricScore([2, -1], [true, true])).toBeCloseTo(1 / 2);
    expect(rubricScore([1, -5], [true, true])).toBe(0);
    expect(healthbenchScore([5, 3, -4], [true, true, false])).toBe(1);
    expect(healthbenchScore([5, 3, -4], [true, false, true])).toBeCloseTo(1 / 8);
  });

  it('judges each criterion separately and weighs them', async () => {
    server.script(metIf(/42|polite/));
    const rubric = [
      { criterion: 'states 42', weight: 3 },
      { criterion: 'shows the multiplication', weight: 1 },
      { criterion: 'is polite', weight: 1 },
    ];
    const [r] = await score({ kind: 'rubric', params: { rubric } }, [sample], judgeBackends(server, refused));
    expect(r?.score).toBeCloseTo(4 / 5);
    expect(server.seen).toHaveLength(3);
  });

  it('a critical criterion unmet vetoes the reward (Rubicon)', async () => {
    server.script(metIf(/polite/));
    const rubric = [{ criterion: 'states 42', critical: true }, { criterion: 'is polite' }];
    const [r] = await score({ kind: 'rubric', params: { rubric } }, [sample], judgeBackends(server, refused));
    expect(r).toMatchObject({ score: 0, details: { vetoedBy: ['states 42'] } });
  });

  it('implicit: one holistic rating for the rubric, critical items still checked', async () => {
    server.script((req) => ({ body: chat(asked(req).includes('<criterion>') ? '{"met": true}' : '{"rating": 7}') }));
    const rubric = [
      { criterion: 'states 42', critical: true },
      { criterion: 'is polite', weight: 2 },
    ];
    const [r] = await score(
      { kind: 'rubric', params: { rubric, mode: 'implicit' } },
      [sample],
      judgeBackends(server, refused),
    );
    expect(r?.score).toBeCloseTo(6 / 9);
    expect(server.seen).toHaveLength(2);
  });

  it('a rubric in the sample reference wins over the spec; a bad one is invalid-reference naming the field', async () => {
    server.script(metIf(/own/));
    const own = { ...sample, reference: { answer: '42', rubric: [{ criterion: 'own item' }] } };
    const [r] = await score(
      { kind: 'rubric', params: { rubric: [{ criterion: 'spec item' }] } },
      [own],
      judgeBackends(server, refused),
    );
    expect(r?.score).toBe(1);
    const bad = { ...sample, reference: { rubric: [{ criterion: 'x', weight: 'heavy' }] } };
    const [e] = await score({ kind: 'rubric' }, [bad], judgeBackends(server, refused));
    expect(e).toMatchObject({
      code: 'invalid-reference',
      message: expect.stringContaining('reference.rubric.0.weight'),
    });
    const [n] = await score({ kind: 'rubric' }, [sample], judgeBackends(server, refused));
    expect(n).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });

  it('one failed item fails the sample instead of counting as unmet', async () => {
    server.script((_req, n) => ({ body: chat(n === 0 ? 'hmm' : '{"met": true}') }));
    const [r] = await score(
      { kind: 'checklist', params: { checklist: ['a', 'b'] } },
      [sample],
      judgeBackends(server, refused),
    );
    expect(r).toMatchObject({ status: 'error', code: 'judge-unparsable' });
  });

  it('open-rubrics: an unmet hard rule gives 0, else the share of principles met', async () => {
    server.script(metIf(/correct|clear/));
    const params = { hardRules: ['is in English'], principles: ['is correct', 'is clear', 'cites a source'] };
    const [veto] = await score({ kind: 'open-rubrics', params }, [sample], judgeBackends(server, refused));
    expect(veto).toMatchObject({ score: 0, details: { failedRules: ['is in English'] } });
    server.script(metIf(/English|correct|clear/));
    const [r] = await score({ kind: 'open-rubrics', params }, [sample], judgeBackends(server, refused));
    expect(r?.score).toBeCloseTo(2 / 3);
  });

  it('judge-principles: aggregate all is 1 only when every principle holds', async () => {
    server.script(metIf(/concise/));
    const params = { principles: ['concise', 'cites sources'], aggregate: 'all' };
    const [r] = await score({ kind: 'judge-principles', params }, [sample], judgeBackends(server, refused));
    expect(r?.score).toBe(0);
  });
});

describe('strict params', () => {
  it('an unknown param is an error with a did-you-mean; a template without the untrusted-data note is refused', async () => {
    const { createRegistry } = await import('../../src/catalog.js');
    const { compileNode } = await import('../../src/core/spec.js');
    const registry = createRegistry();
    expect(() =>
      compileNode({ kind: 'judge-pointwise', params: { templte: 'pointwise' } }, registry, { file: 's.yaml' }),
    ).toThrow(/templte.*did you mean "template"/);
    const bare = { system: 'Grade it.', user: '<response>{{response}}</response>' };
    expect(() =>
      compileNode({ kind: 'judge-pointwise', params: { template: bare } }, registry, { file: 's.yaml' }),
    ).toThrow(/\{\{guard\}\}/);
    expect(() =>
      compileNode({ kind: 'rubric', params: { rubric: [{ criterion: 'x', wieght: 2 }] } }, registry, {
        file: 's.yaml',
      }),
    ).toThrow(/wieght/);
    expect(() =>
      compileNode({ kind: 'judge-web-action', params: { verdictPattern: '(a' } }, registry, { file: 's.yaml' }),
    ).toThrow(/RE2/);
  });
});

describe('judge-principles with probability: true (RLBFF reward = P(Yes))', () => {
  it('reads P(Yes) from the first token over Yes/No spellings; all is the product', async () => {
    const { chatLogprobReply } = await import('../backends/scripted-server.js');
    server.script((req) => {
      const concise = asked(req).includes('<criterion>\nconcise');
      return {
        body: chatLogprobReply(
          concise
            ? { Yes: Math.log(0.6), yes: Math.log(0.2), No: Math.log(0.2) }
            : { No: Math.log(0.5), Yes: Math.log(0.5) },
        ),
      };
    });
    const params = { principles: ['concise', 'cites sources'], probability: true };
    const [mean] = await score({ kind: 'judge-principles', params }, [sample], judgeBackends(server, refused));
    expect(mean?.score).toBeCloseTo((0.8 + 0.5) / 2);
    expect(server.seen[0]?.body).toMatchObject({ max_tokens: 1, top_logprobs: 20 });
    const [all] = await score(
      { kind: 'judge-principles', params: { ...params, aggregate: 'all' } },
      [sample],
      judgeBackends(server, refused),
    );
    expect(all?.score).toBeCloseTo(0.8 * 0.5);
  });
  it('too little mass on Yes/No is judge-unparsable; no log-probs is malformed-reply', async () => {
    const { chatLogprobReply } = await import('../backends/scripted-server.js');
    server.script(() => ({ body: chatLogprobReply({ Maybe: Math.log(0.9), Yes: Math.log(0.1) }) }));
    const params = { principles: ['concise'], probability: true };
    expect(
      (await score({ kind: 'judge-principles', params }, [sample], judgeBackends(server, refused)))[0],
    ).toMatchObject({ code: 'judge-unparsable' });
    server.script(() => ({ body: chat('Yes') }));
    expect(
      (await score({ kind: 'judge-principles', params }, [sample], judgeBackends(server, refused)))[0],
    ).toMatchObject({ code: 'malformed-reply' });
  });
});

describe('judge-tools (Themis)', () => {
  it('runs the calculator the judge asks for, returns the result, then reads the rating', async () => {
    server.script((req) => {
      const last = req.body.messages.at(-1).content as string;
      return {
        body: chat(
          last.startsWith('<tool_result>42</tool_result>')
            ? '6*7 checks out. {"rating": 9}'
            : 'Let me check. <tool name="calculator">6*7</tool>',
        ),
      };
    });
    const [r] = await score({ kind: 'judge-tools' }, [sample], judgeBackends(server, refused));
    expect(r).toMatchObject({
      status: 'scored',
      details: { rating: 9, tools: [{ tool: 'calculator', input: '6*7', result: '42' }] },
    });
    expect(server.seen).toHaveLength(2);
  });
  it('a bad expression or unknown tool goes back to the judge as an error; too many calls is judge-invalid', async () => {
    const { runTool } = await import('../../src/judges/kinds/tools.js');
    expect(runTool('calculator', 'process.exit(1)')).toMatch(/^error:/);
    expect(runTool('calculator', '1/0')).toMatch(/not finite/);
    expect(runTool('search', 'x')).toMatch(/unknown tool/);
    server.script(() => ({ body: chat('<tool name="calculator">1+1</tool>') }));
    const [r] = await score(
      { kind: 'judge-tools', params: { maxToolCalls: 2 } },
      [sample],
      judgeBackends(server, refused),
    );
    expect(r).toMatchObject({ status: 'error', code: 'judge-invalid' });
    expect(server.seen).toHaveLength(3);
  });
});
