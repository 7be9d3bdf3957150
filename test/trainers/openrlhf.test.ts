// OpenRLHF's own request and response handling (fixtures/openrlhf_replay.py) against a real server.
import { describe, expect, it } from 'vitest';
import { replay, trainerServerForFile } from './helpers.js';

const live = trainerServerForFile({ limits: { concurrency: 4, queue: 8 } });

describe('OpenRLHF --reward.remote_url http://host/openrlhf/<spec>', () => {
  it('gives float rewards the group estimators accept, the chosen scores, and every component', async () => {
    const r = await replay('openrlhf_replay.py', [live.url, '200']);
    expect(r.math_r1).toEqual([1.1, 0.1, 1.1, 0.1]);
    expect(r.math_r1_dtypes).toEqual(['float32']);
    expect(r.group_norm).toBe('float32');
    expect(r.exact_group_norm).toBe('float32');
    expect(r.exact_dtypes).toEqual(['float32']);
    expect(r.math_r1_keys).toEqual([
      'correct',
      'correct.format',
      'correct.math',
      'format',
      'prompt_truncated',
      'scored',
      'weighted-sum',
    ]);
    expect(r.scores_correct).toEqual([1, 0]);
    expect(r.truncated_prompt_reward).toBe(1);
    expect(r.empty_label).toEqual({ reward: 0, scored: 0 });
    expect(r.empty_label_warning).toMatch(/--data\.label_key/);
    expect(r.empty_shard).toMatchObject({ rewards: [], scores: [] });
    // 200 concurrent requests against concurrency 4 + queue 8: all wait their turn, none refused.
    expect(r.burst_failures).toBe(0);
  });
});
