import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer, type SeenRequest } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Backends } from '../../backends/index.js';
import type { Services } from '../../core/define.js';
import type { Message, Sample } from '../../core/types.js';
import { pprStepJudge, slateStepJudge, webrlOutcome } from './step-judges.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
const stepOf = (req: SeenRequest) =>
  /<response>([\s\S]*?)<\/response>/.exec(String(req.body.messages?.[1]?.content ?? ''))?.[1] ?? '';
// Searches rate 8 (met); anything else 2 (not met); a trajectory with "order placed" completed the task.
const verdicts = () =>
  server.script((req) => {
    const step = stepOf(req);
    const good = /call search|order placed/.test(step);
    return { body: chat(JSON.stringify({ reasoning: 'r', rating: good ? 8 : 2, met: good })) };
  });
beforeAll(async () => {
  await server.start();
  verdicts();
  services.backends = judgeBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const turn = (content: string | null, call?: string): Message => ({
  role: 'assistant',
  content,
  ...(call ? { tool_calls: [{ id: call, function: { name: 'search', arguments: { q: call } } }] } : {}),
});
const trajectory = (...turns: Message[]): Sample => ({ prompt: 'Who wrote Dune?', response: turns });
const typical = trajectory(
  turn('I should look it up.', 'dune author'),
  { role: 'tool', tool_call_id: 'dune author', content: 'Dune is by Frank Herbert.' },
  turn('Thinking about it.'),
  turn('<answer>Frank Herbert</answer>'),
);
const run = (kind: string, samples: Sample[], params = {}) =>
  score({ kind, params }, samples, services.backends as Backends);

for (const def of [pprStepJudge, slateStepJudge, webrlOutcome])
  contractSuite(def, { samples: [typical], runnerOptions: { services } });

describe('ppr-step-judge (PPR, 2509.25598)', () => {
  it('rates intermediate steps score/10, excluding the final answer turn', async () => {
    verdicts();
    const [r] = await run('ppr-step-judge', [typical]);
    expect(r?.steps).toEqual([0.8, 0.2]);
    expect(r?.score).toBeCloseTo(0.5, 12);
    expect(server.seen).toHaveLength(2);
    expect(String(server.seen[0]?.body.messages?.[1]?.content)).toContain('does not invent facts');
  });

  it('feeds renorm: a wrong outcome makes every step reward ≤ 0 (sign-shift reading)', async () => {
    verdicts();
    const root = {
      kind: 'renorm',
      outcome: { kind: 'score-input', params: { field: 'o' } },
      steps: { kind: 'ppr-step-judge' },
    };
    const wrong = { ...typical, metadata: { o: 0 } };
    const right = { ...typical, metadata: { o: 1 } };
    const [w, c] = await score(root, [wrong, right], services.backends as Backends);
    expect(w?.steps?.every((s) => s <= 0)).toBe(true);
    expect((c?.score as number) > (w?.score as number)).toBe(true);
  });

  it('padding with repeated steps cannot raise the mean: repeats score 0 without a call', async () => {
    verdicts();
    const padded = trajectory(turn('s', 'x'), turn('s', 'x'), turn('s', 'x'), turn('<answer>a</answer>'));
    const [r] = await run('ppr-step-judge', [padded]);
    expect(r?.steps).toEqual([0.8, 0, 0]);
    expect(server.seen).toHaveLength(1);
  });
});

describe('slate-step-judge', () => {
  it('one verdict per step, the final turn included; mean of 1/0', async () => {
    verdicts();
    const [r] = await run('slate-step-judge', [typical]);
    expect(r?.steps).toEqual([1, 0, 0]);
    expect(r?.score).toBeCloseTo(1 / 3, 12);
  });
});

describe('webrl-outcome', () => {
  it('1 when the judge finds the task completed, 0 otherwise; an empty trajectory is unscorable', async () => {
    verdicts();
    const done = trajectory(turn('click buy'), { role: 'tool', content: 'order placed #12' } as Message);
    const r = await run('webrl-outcome', [done, trajectory(turn('I am done!'))]);
    expect(r.map((x) => x.score)).toEqual([1, 0]);
    const [empty] = await run('webrl-outcome', [trajectory()]);
    expect(empty?.status).toBe('unscorable');
  });
});
