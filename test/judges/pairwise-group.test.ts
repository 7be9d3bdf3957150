// Pairwise judges (position swap, RM-R1's verdict rule, two turns, web actions), group-relative judges,
// ensembles and the hybrid verifier, against the scripted server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../src/core/spec.js';
import { combineVotes } from '../../src/judges/kinds/ensemble.js';
import { shuffled } from '../../src/judges/kinds/group.js';
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

const pair = { prompt: 'What is 6*7?', response: 'It is 42.', reference: { response: 'It is 41.' } };
/** The candidate text in slot `id` of the request. */
const slot = (req: SeenRequest, id: string) => new RegExp(`id="${id}">\\n([^]*?)\\n</`).exec(asked(req))?.[1] ?? '';
const run = async (node: NodeSpec, samples: unknown[] = [pair]) =>
  score(node, samples as never, judgeBackends(server, refused));

describe('judge-pairwise', () => {
  it('judges both orders; a consistent win is 1', async () => {
    server.script((req) => ({ body: chat(`{"verdict": "${slot(req, 'A').includes('42') ? 'A' : 'B'}"}`) }));
    const [r] = await run({ kind: 'judge-pairwise' });
    expect(r).toMatchObject({ status: 'scored', score: 1, details: { verdicts: ['win', 'win'], consistent: true } });
    expect(server.seen.map((s) => slot(s, 'A')).sort()).toEqual(['It is 41.', 'It is 42.']);
  });
  it('a judge that always picks A is position-biased: judge-inconsistent, or a tie when asked', async () => {
    server.script(() => ({ body: chat('{"verdict": "A"}') }));
    const [r] = await run({ kind: 'judge-pairwise' });
    expect(r).toMatchObject({ status: 'unscorable', code: 'judge-inconsistent', details: { consistent: false } });
    const [t] = await run({ kind: 'judge-pairwise', params: { inconsistent: 'tie' } });
    expect(t).toMatchObject({ status: 'scored', score: 0.5 });
  });
  it('ties are allowed; tie + win averages to 0.75; swap: false makes one call', async () => {
    server.script(() => ({ body: chat('{"verdict": "tie"}') }));
    expect((await run({ kind: 'judge-pairwise' }))[0]?.score).toBe(0.5);
    server.script((req) => ({ body: chat(slot(req, 'A').includes('42') ? '{"verdict": "A"}' : '[[C]]') }));
    expect((await run({ kind: 'judge-pairwise' }))[0]?.score).toBe(0.75);
    server.script(() => ({ body: chat('Clearly [[B]]') }));
    expect((await run({ kind: 'judge-pairwise', params: { swap: false } }))[0]?.score).toBe(0);
    expect(server.seen).toHaveLength(1);
  });
  it('malformed, refused, empty and timed-out replies are coded failures', async () => {
    server.script(() => ({ body: chat('Both are fine I guess.') }));
    expect((await run({ kind: 'judge-pairwise' }))[0]).toMatchObject({ code: 'judge-unparsable' });
    server.script(() => ({ body: chat('I cannot evaluate this content.') }));
    expect((await run({ kind: 'judge-pairwise' }))[0]).toMatchObject({ code: 'judge-refused' });
    server.script(() => ({ body: chat('   ') }));
    expect((await run({ kind: 'judge-pairwise' }))[0]).toMatchObject({ code: 'malformed-reply' });
    server.script(() => ({ body: chat('{"verdict": "A"}'), delayMs: 300 }));
    const [t] = await score({ kind: 'judge-pairwise' }, [pair], judgeBackends(server, refused, { timeoutMs: 40 }));
    expect(t).toMatchObject({ code: 'backend-timeout' });
  });
  it('needs the other candidate in the reference', async () => {
    const [r] = await run({ kind: 'judge-pairwise' }, [{ prompt: 'q', response: 'r' }]);
    expect(r).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });
});

describe('judge-chain-of-rubrics (RM-R1)', () => {
  const verdict = (req: SeenRequest) => (slot(req, 'A').includes('42') ? 'A' : 'B');
  it('reads <answer>[[X]]</answer> from the last 80 characters of the final answer', async () => {
    server.script((req) => ({
      body: chat(
        `<think>[[B]] maybe</think><type>Reasoning</type><solution>42</solution><eval>quote</eval><answer>[[${verdict(req)}]]</answer>`,
      ),
    }));
    expect((await run({ kind: 'judge-chain-of-rubrics' }))[0]).toMatchObject({ status: 'scored', score: 1 });
  });
  it('both verdicts present is judge-invalid', async () => {
    server.script(() => ({ body: chat('<eval>x</eval><answer>[[A]]</answer><answer>[[B]]</answer>') }));
    expect((await run({ kind: 'judge-chain-of-rubrics' }))[0]).toMatchObject({
      status: 'error',
      code: 'judge-invalid',
    });
  });
  it('a verdict only in the draft, or far from the end, is judge-unparsable', async () => {
    server.script(() => ({ body: chat('<think><answer>[[A]]</answer></think>I would rather not say.') }));
    expect((await run({ kind: 'judge-chain-of-rubrics' }))[0]).toMatchObject({ code: 'judge-unparsable' });
    server.script(() => ({ body: chat(`<answer>[[A]]</answer>${' and more'.repeat(20)}`) }));
    expect((await run({ kind: 'judge-chain-of-rubrics' }))[0]).toMatchObject({ code: 'judge-unparsable' });
  });
});

describe('judge-branch-rethink (BR-RM)', () => {
  it('turn 1 picks criteria and hypotheses, turn 2 decides with turn 1 in context', async () => {
    server.script((req) => {
      if (req.body.messages.length === 2)
        return { body: chat('Criteria: accuracy\nHypothesis A: may be right\nHypothesis B: may be off') };
      return { body: chat(`Checked. ${slot(req, 'A').includes('42') ? '[[A]]' : '[[B]]'}`) };
    });
    const [r] = await run({ kind: 'judge-branch-rethink' });
    expect(r).toMatchObject({ status: 'scored', score: 1 });
    expect(server.seen.map((s) => s.body.messages.length)).toEqual([2, 2, 4, 4]);
    expect(server.seen.find((s) => s.body.messages.length === 4)?.body.messages[2].content).toContain('Hypothesis A');
    expect(asked(server.seen[0] as SeenRequest)).toContain('factual accuracy, reasoning soundness');
  });
  it('both tags in the final turn is judge-invalid; an empty first turn is malformed-reply', async () => {
    server.script((req) => ({ body: chat(req.body.messages.length > 2 ? '[[A]] or [[B]]' : 'analysis') }));
    expect((await run({ kind: 'judge-branch-rethink' }))[0]).toMatchObject({ code: 'judge-invalid' });
    server.script(() => ({ body: chat('') }));
    expect((await run({ kind: 'judge-branch-rethink' }))[0]).toMatchObject({ code: 'malformed-reply' });
  });
});

describe('judge-web-action (WebArbiter)', () => {
  const step = {
    prompt: 'Task: buy milk. Page: search results.',
    response: 'click [Add to cart]',
    reference: { action: 'scroll down' },
  };
  it('prefers the action that moves the task forward, in both orders', async () => {
    server.script((req) => ({ body: chat(`Principles... ${slot(req, '1').includes('cart') ? '[[1]]' : '[[2]]'}`) }));
    expect((await run({ kind: 'judge-web-action' }, [step]))[0]).toMatchObject({ score: 1 });
  });
  it('takes a custom verdict pattern (last match wins)', async () => {
    server.script((req) => ({
      body: chat(`Action 2 is tempting, but Action ${slot(req, '1').includes('cart') ? 1 : 2}`),
    }));
    const [r] = await run({ kind: 'judge-web-action', params: { verdictPattern: 'Action (1|2)' } }, [step]);
    expect(r).toMatchObject({ score: 1 });
  });
});

describe('group-relative judges', () => {
  const group = ['It is 42.', 'It is 41.', 'Solution', 'Forty-two, since 6*7 = 42.'].map((response, i) => ({
    id: i,
    prompt: 'What is 6*7?',
    response,
    group: 'q1',
  }));
  it('judge-group: one call scores every rollout, masked and shuffled; master keys stay out of the call', async () => {
    server.script((req) => {
      const ids = [...asked(req).matchAll(/<candidate id="(r\d+)">\n([^<]*)/g)];
      return {
        body: chat(
          JSON.stringify({ scores: ids.map(([, id, text]) => ({ id, score: text?.includes('42') ? 0.9 : 0.2 })) }),
        ),
      };
    });
    const results = await run({ kind: 'judge-group' }, group);
    expect(server.seen).toHaveLength(1);
    expect(results.map((r) => r.score)).toEqual([0.9, 0.2, 0, 0.9]);
    expect(results[2]?.details).toMatchObject({ screened: 'opener' });
    expect(asked(server.seen[0] as SeenRequest)).not.toContain('Solution\n');
  });
  it('judge-listwise: RewardAnything 1-5 scores by masked label, normalised; missing or unknown labels are judge-invalid', async () => {
    server.script((req) => {
      const ids = [...asked(req).matchAll(/<candidate id="(model-\d+)">\n([^<]*)/g)];
      const scores = Object.fromEntries(ids.map(([, id, text]) => [id, text?.includes('42') ? 5 : 2]));
      return {
        body: chat(`<think>hmm</think>\`\`\`json\n{'scores': ${JSON.stringify(scores)}, 'best-to-worst': [],}\n\`\`\``),
      };
    });
    const results = await run({ kind: 'judge-listwise' }, group);
    expect(results.map((r) => r.score)).toEqual([1, 0.25, 0, 1]);
    server.script(() => ({ body: chat('{"scores": {"model-1": 5}}') }));
    const bad = await run({ kind: 'judge-listwise' }, group);
    expect(bad.map((r) => r.code)).toEqual(['judge-invalid', 'judge-invalid', undefined, 'judge-invalid']);
  });
  it('a sample without a group is no-group; the shuffle is seeded', async () => {
    server.script(() => undefined);
    expect((await run({ kind: 'judge-group' }, [{ prompt: 'q', response: 'r' }]))[0]).toMatchObject({
      code: 'no-group',
    });
    expect(shuffled(6, 7)).toEqual(shuffled(6, 7));
    expect(shuffled(6, 7).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('judge-ensemble', () => {
  it('mean, majority and agreement as confidence', () => {
    expect(combineVotes([1, 1, 0], 'majority', 0.5)).toMatchObject({ score: 1, agreement: 2 / 3 });
    expect(combineVotes([0.9, 0.6, 0.3], 'mean', 0.5).score).toBeCloseTo(0.6);
  });
  it('combines judges; a failed member never counts as 0 (quorum)', async () => {
    server.script((req) => ({ body: chat(req.body.model === 'bad' ? 'no idea' : '{"rating": 10}') }));
    const terms = [
      { kind: 'judge-pointwise', name: 'a' },
      { kind: 'judge-critique', name: 'b' },
    ];
    const [r] = await run({ kind: 'judge-ensemble', params: { combine: 'majority' }, terms }, [pair]);
    expect(r).toMatchObject({ status: 'scored', score: 1, details: { agreement: 1 } });
    server.script((_req, n) => ({ body: chat(n === 0 ? 'no idea' : '{"rating": 10}') }));
    const [q] = await run(
      {
        kind: 'judge-ensemble',
        terms: [{ kind: 'judge-pointwise' }, { kind: 'judge-pointwise', params: { temperature: 1 } }],
      },
      [pair],
    );
    expect(q).toMatchObject({ status: 'error', code: 'child-failed' });
  });
});

describe('hybrid-verifier', () => {
  const node = { kind: 'hybrid-verifier', rules: { kind: 'math' }, judge: { kind: 'judge-verifier' } };
  it('rules decide what they can; the judge only sees what they cannot parse, and details say which path', async () => {
    server.script(() => ({ body: chat('{"verdict": "correct"}') }));
    const samples = [
      { prompt: 'What is 6*7?', response: 'The answer is \\boxed{42}.', reference: '42' },
      { prompt: 'What is 6*7?', response: 'The answer is \\boxed{41}.', reference: '42' },
      { prompt: 'What is 6*7?', response: 'six times seven makes forty-two', reference: '42' },
      { prompt: 'What is 6*7?', response: 'Solution', reference: '42' },
    ];
    const results = await run(node, samples);
    expect(results.map((r) => r.score)).toEqual([1, 0, 1, 0]);
    expect(results.map((r) => r.details?.path)).toEqual(['rules', 'rules', 'judge', 'judge']);
    expect(server.seen).toHaveLength(1); // the master key never reached the judge
    expect(asked(server.seen[0] as SeenRequest)).toContain('forty-two');
  });
  it('a failing judge is a coded failure with the path, never a 0', async () => {
    server.script(() => ({ body: chat('hmm') }));
    const [r] = await run(node, [{ prompt: 'q', response: 'forty-two', reference: '42' }]);
    expect(r).toMatchObject({ status: 'error', details: { path: 'judge' } });
  });
});

// The failure matrix for every multi-candidate kind: no verdict is ever a score.
const group3 = ['It is 42.', 'It is 41.', 'It is 40.'].map((response, i) => ({
  id: i,
  prompt: 'What is 6*7?',
  response,
  group: 'g',
}));
const step = { prompt: 'Task: buy milk.', response: 'click [Add to cart]', reference: { action: 'scroll down' } };
const MULTI: Array<[string, unknown[]]> = [
  ['judge-pairwise', [pair]],
  ['judge-chain-of-rubrics', [pair]],
  ['judge-branch-rethink', [pair]],
  ['judge-web-action', [step]],
  ['judge-listwise', group3],
  ['judge-group', group3],
];
describe.each(MULTI)('%s failure matrix', (kind, input) => {
  const codes = async (body: unknown, config = {}, delayMs = 0) => {
    server.script(() => ({ body, ...(delayMs ? { delayMs } : {}) }));
    const results = await score({ kind }, input as never, judgeBackends(server, refused, config));
    return [...new Set(results.map((r) => `${r.status}/${r.code}`))];
  };
  it('malformed, refused, empty, truncated and timed-out replies are coded errors', async () => {
    expect(await codes(chat('Both have merit; hard to say.'))).toEqual(['error/judge-unparsable']);
    expect(await codes(chat("I'm sorry, I can't compare these."))).toEqual(['error/judge-refused']);
    expect(await codes(chat(''))).toEqual(['error/malformed-reply']);
    expect(await codes(chat('[[A]] [[1]] {"scores": {}}', 'length'))).toEqual(['error/judge-truncated']);
    expect(await codes(chat('[[A]]'), { timeoutMs: 40 }, 300)).toEqual(['error/backend-timeout']);
  });
});
