import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import type { Services } from '../../core/define.js';
import type { Sample } from '../../core/types.js';
import { AnnotationQueue } from './annotation-queue.js';
import { oniIntrinsic, oniQueue } from './oni.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
// The scripted judge says "progress" for observations that mention a key; each reply takes 50 ms.
const slowJudge = () =>
  server.script((req) => {
    const user = String(req.body.messages?.[1]?.content ?? '');
    return { body: chat(JSON.stringify({ reasoning: 'r', met: /key/.test(user) })), delayMs: 50 };
  });
beforeAll(async () => {
  await server.start();
  slowJudge();
  services.backends = judgeBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const obs = (observation: string): Sample => ({ prompt: 'open the door', response: 'go', metadata: { observation } });
const defaults = oniIntrinsic.params.parse({});
// Requests about these observations only (the contract suite's background annotations share the server).
const callsAbout = (...observations: string[]) =>
  server.seen.filter((r) => observations.some((o) => String(r.body.messages?.[1]?.content ?? '').includes(o))).length;

describe('oni-intrinsic', () => {
  contractSuite(oniIntrinsic, { samples: [obs('you see a key')], runnerOptions: { services } });

  it('a new observation answers at once (0, queued) and is labelled in the background; then the label is served', async () => {
    const backends = judgeBackends(server, refused);
    slowJudge();
    const first = await score({ kind: 'oni-intrinsic' }, [obs('you pick up the key'), obs('a wall')], backends);
    expect(first.map((r) => [r.score, r.details?.state])).toEqual([
      [0, 'queued'],
      [0, 'queued'],
    ]);
    expect(first.every((r) => r.details?.cached === false)).toBe(true); // scoring returned before the judge answered
    await oniQueue({ services: { backends } }, defaults).idle();
    const again = await score(
      { kind: 'oni-intrinsic', params: {} },
      [obs('you pick up the key'), obs('a wall')],
      backends,
    );
    expect(again.map((r) => r.score)).toEqual([1, 0]);
    expect(callsAbout('you pick up the key', 'a wall')).toBe(2); // served from the cache: no new call
  });

  it('the same observation seen twice while pending is annotated once', async () => {
    const backends = judgeBackends(server, refused);
    slowJudge();
    const [a] = await score({ kind: 'oni-intrinsic' }, [obs('key here')], backends);
    const [b] = await score({ kind: 'oni-intrinsic' }, [obs('key here')], backends);
    expect([a?.details?.state, b?.details?.state]).toEqual(['queued', 'pending']);
    await oniQueue({ services: { backends } }, defaults).idle();
    expect(callsAbout('key here')).toBe(1);
  });

  it('unlabelled: unscorable reports "no label yet" instead of 0', async () => {
    const backends = judgeBackends(server, refused);
    const [r] = await score({ kind: 'oni-intrinsic', params: { unlabelled: 'unscorable' } }, [obs('key 2')], backends);
    expect(r?.status).toBe('unscorable');
    await oniQueue({ services: { backends } }, { ...defaults, unlabelled: 'unscorable' }).idle();
  });
});

describe('AnnotationQueue', () => {
  it('bounds pending work and the cache; a failed annotation is retried on a later sighting', async () => {
    let calls = 0;
    const q = new AnnotationQueue(
      async (o) => {
        calls++;
        if (o === 'bad' && calls === 1) throw new Error('judge down');
        return o.length;
      },
      { maxPending: 1, cacheSize: 2, concurrency: 1 },
    );
    expect(q.lookup('bad').state).toBe('queued');
    expect(q.lookup('other').state).toBe('full');
    await q.idle();
    expect(q.failures).toBe(1);
    expect(q.lookup('bad').state).toBe('queued');
    await q.idle();
    expect(q.lookup('bad')).toEqual({ state: 'labelled', label: 3 });
    for (const o of ['a', 'bb']) {
      q.lookup(o);
      await q.idle();
    }
    expect(q.size.labels).toBe(2); // 'bad' evicted as least recently used
    expect(q.lookup('bad').state).toBe('queued');
    await q.idle();
  });

  it('keys by content hash', () => {
    expect(AnnotationQueue.key('x')).toBe(AnnotationQueue.key('x'));
    expect(AnnotationQueue.key('x')).not.toBe(AnnotationQueue.key('y'));
  });
});
