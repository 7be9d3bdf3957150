// verl's reward loop and legacy batch manager calling the Python client (fixtures/verl_replay.py), real server.
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, replay, trainerServerForFile } from './helpers.js';

const live = trainerServerForFile();

describe('verl reward.custom_reward_function -> rewardkit_client.py', () => {
  it('answers every sample with the same keys (closed gates as NaN), sync and async, floats', async () => {
    const r = await replay('verl_replay.py', [CLIENT_DIR, live.url]);
    for (const name of ['compute_score', 'compute_score_async']) {
      expect(r[name].scores).toEqual([1.1, 0, 0.1]);
      expect(r[name].keys).toEqual([
        'correct',
        'correct.format',
        'correct.math',
        'format',
        'score',
        'scored',
        'weighted-sum',
      ]);
      expect(r[name].correct_math).toEqual([1, null, 0]);
      expect(r[name].plain).toEqual([1.1, 0, 0.1]);
      expect(r[name].plain_types).toEqual(['float']);
    }
    // Legacy batch manager: one spec per data_source, equal key sets, so no ragged lists.
    expect(r.batch.rewards).toEqual([1, 1.1, 0]);
    expect(r.batch.keys).toContain('exact-match');
    expect(r.batch.keys).toContain('correct.math');
    expect(r.unmapped_source).toMatch(/no spec for data_source 'hendrycks_math'.*gsm8k/);
    // group_size = rollout.n keeps a prompt's rollouts together: RLOO advantages sum to 0 per group.
    expect(r.group_rloo).toHaveLength(8);
    // Exact match [1, 0, 0, 1] per group; RLOO (Ahmadian et al. 2024): r_i − mean of the other three.
    expect(r.group_rloo.map((x: number) => Number(x.toFixed(12)))).toEqual(
      [2 / 3, -2 / 3, -2 / 3, 2 / 3, 2 / 3, -2 / 3, -2 / 3, 2 / 3].map((x) => Number(x.toFixed(12))),
    );
    expect(r.partial_group).toHaveLength(3);
    // numpy values from a parquet dataset (np.int64 index, an array of references) are sent as plain JSON.
    expect(r.numpy_like).toEqual([1]);
    // extra_info.response_length reaches the length penalty as the token count.
    expect(r.overlong[0]).toBe(0);
    // verl DAPO, maxLength 20, buffer 10: −(25 − (20 − 10)) / 10, uncapped.
    expect(r.overlong[1]).toBeCloseTo(-1.5, 12);
  });
});
