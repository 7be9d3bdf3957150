import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../../test/contract.js';
import { run, scores } from '../../../test/shaping/run.js';
import type { Sample } from '../../core/types.js';
import { coReward } from './co-reward.js';
import { majorityVote } from './majority-vote.js';
import { mrRlvrFill, mrRlvrReorder } from './mr-rlvr.js';

const rollouts = (group: string, answers: string[], view?: string): Sample[] =>
  answers.map((a) => ({
    prompt: 'q',
    response: a === '' ? 'I am not sure' : `work <answer>${a}</answer>`,
    group,
    ...(view ? { metadata: { view } } : {}),
  }));

contractSuite(majorityVote, { samples: [...rollouts('a', ['4', '4', '5']), ...rollouts('b', ['x', 'y', 'y'])] });
contractSuite(coReward, { samples: [...rollouts('a', ['4', '4', '5'], 'q'), ...rollouts('a', ['4', '5', '4'], 'r')] });
contractSuite(mrRlvrFill, {
  samples: [{ prompt: 'p', response: '<answer>x = 3</answer>', reference: { masked: 'x = 3' } }],
});
contractSuite(mrRlvrReorder, {
  samples: [{ prompt: 'p', response: '<answer>2, 3, 1</answer>', reference: { order: [2, 3, 1] } }],
});

describe('majority-vote (TTRL)', () => {
  it('rewards agreement with the most frequent answer of the group; groups never mix', async () => {
    const r = await run({ kind: 'majority-vote' }, [
      ...rollouts('a', ['4', '4', '5', '4 ']),
      ...rollouts('b', ['5', '6', '6']),
    ]);
    expect(scores(r)).toEqual([1, 1, 0, 1, 0, 1, 1]);
    expect(r[0]?.details).toMatchObject({ label: '4', share: 0.75 });
  });

  it('rollouts without an answer do not vote and score 0; they cannot form a majority of "nothing"', async () => {
    const r = await run({ kind: 'majority-vote' }, rollouts('a', ['', '', '', '7']));
    expect(scores(r)).toEqual([0, 0, 0, 1]);
    const none = await run({ kind: 'majority-vote' }, rollouts('a', ['', '']));
    expect(none.map((x) => x.status)).toEqual(['unscorable', 'unscorable']);
  });

  it('hedging with several answers: only the last <answer> votes and is scored', async () => {
    const hedge: Sample = { prompt: 'q', response: '<answer>4</answer> or <answer>5</answer>', group: 'a' };
    const r = await run({ kind: 'majority-vote' }, [...rollouts('a', ['4', '4']), hedge]);
    expect(scores(r)).toEqual([1, 1, 0]);
  });

  it('a tie or a weak majority gives no label (unscorable, not 0); minAgreement guards collapse onto noise', async () => {
    const tie = await run({ kind: 'majority-vote' }, rollouts('a', ['1', '2']));
    expect(tie.map((x) => x.status)).toEqual(['unscorable', 'unscorable']);
    const weak = await run(
      { kind: 'majority-vote', params: { minAgreement: 0.6 } },
      rollouts('a', ['1', '1', '2', '3']),
    );
    expect(weak.every((x) => x.status === 'unscorable')).toBe(true);
  });

  it('an ungrouped sample is reported as no-group', async () => {
    const [r] = await run({ kind: 'majority-vote' }, [{ prompt: 'q', response: '<answer>1</answer>' }]);
    expect(r?.code).toBe('no-group');
  });
});

describe('co-reward (cross-view vote)', () => {
  it('each view is scored against the other view’s majority, not its own', async () => {
    // view q agrees internally on 5, view r on 4: q's rollouts are scored against 4.
    const samples = [...rollouts('g', ['5', '5', '4'], 'q'), ...rollouts('g', ['4', '4', '5'], 'r')];
    const r = await run({ kind: 'co-reward' }, samples);
    expect(scores(r)).toEqual([0, 0, 1, 0, 0, 1]);
    const single = await run({ kind: 'majority-vote' }, rollouts('g', ['5', '5', '4']));
    expect(scores(single)).toEqual([1, 1, 0]); // single-view self-consistency would have rewarded the 5s
  });

  it('a group without exactly two views is unscorable with a message naming the field', async () => {
    const r = await run({ kind: 'co-reward' }, rollouts('g', ['1', '1'], 'q'));
    expect(r[0]?.code).toBe('missing-input');
    expect(r[0]?.message).toContain('metadata.view');
  });
});

describe('mr-rlvr-fill', () => {
  const fill = (response: string, masked: string | string[]) =>
    run({ kind: 'mr-rlvr-fill' }, [{ prompt: 'p', response, reference: { masked } }]);

  it('fraction of blanks restored in order', async () => {
    expect(scores(await fill('<answer>x = 3\n9</answer>', ['x = 3', '9']))).toEqual([1]);
    expect(scores(await fill('<answer>x = 3\n8</answer>', ['x = 3', '9']))).toEqual([0.5]);
    expect(scores(await fill('<answer>9\nx = 3</answer>', ['x = 3', '9']))).toEqual([0]);
  });

  it('extra candidate lines cannot hedge: a wrong number of fills scores 0', async () => {
    expect(scores(await fill('<answer>x = 3\n9\n8\n7</answer>', ['x = 3', '9']))).toEqual([0]);
  });
});

describe('mr-rlvr-reorder', () => {
  const order = (response: string, mode = 'exact') =>
    run({ kind: 'mr-rlvr-reorder', params: { mode } }, [{ prompt: 'p', response, reference: { order: [2, 3, 1, 4] } }]);

  it('exact order gives 1, positions mode the fraction in place', async () => {
    expect(scores(await order('<answer>2,3,1,4</answer>'))).toEqual([1]);
    expect(scores(await order('<answer>2,1,3,4</answer>'))).toEqual([0]);
    expect(scores(await order('<answer>2,1,3,4</answer>', 'positions'))).toEqual([0.5]);
  });

  it('an answer that is not a permutation scores 0 (repeating labels cannot collect positions)', async () => {
    expect(scores(await order('<answer>2,3,3,4</answer>', 'positions'))).toEqual([0]);
    expect(scores(await order('<answer>2,3,1,4,5</answer>', 'positions'))).toEqual([0]);
  });

  it('unknown params are rejected', async () => {
    await expect(run({ kind: 'mr-rlvr-reorder', params: { mdoe: 'exact' } }, [])).rejects.toThrow(/mdoe/);
  });
});
