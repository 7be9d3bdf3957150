// TRL GRPOTrainer's reward call with the Python client's functions (fixtures/trl_replay.py), real server.
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, replay, trainerServerForFile } from './helpers.js';

const live = trainerServerForFile();

describe('TRL GRPOTrainer(reward_funcs=[make_trl_reward(...)])', () => {
  it('scores standard, conversational, reasoning-split and tool-calling completions', async () => {
    const r = await replay('trl_replay.py', [CLIENT_DIR, live.url]);
    expect(r.standard).toEqual([[1.1, 0]]);
    // A perfect R1 answer scores the same when <think> moved to reasoning_content / thinking.
    expect(r.reasoning_split).toEqual([[1.1, 1.1, 1.1]]);
    expect(r.tool_calling).toEqual([[1]]);
    // One function per component, sync and async, all from one scoring call per batch.
    expect(r.component_names).toEqual(['rewardkit_correct', 'rewardkit_format']);
    expect(r.components).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(r.components_async).toEqual([
      [1, 0],
      [1, 0],
      [1.1, 0],
    ]);
    expect(r.metrics).toContain('rewardkit/math-r1/correct');
    expect(r.metrics).toContain('rewardkit/math-r1/scored_fraction');
    expect(r.extra_columns).toContain('rewardkit/correct.math');
    // Consecutive completions of a prompt form a group; completion_ids give the token counts.
    expect(r.group_rloo[0]).toEqual([1, -1, 0, 0]);
    expect(r.overlong[0][0]).toBe(0);
    // verl DAPO, maxLength 20, buffer 10, at 25 tokens: −(25 − (20 − 10)) / 10, uncapped.
    expect(r.overlong[0][1]).toBeCloseTo(-1.5, 12);
    expect(r.unknown_column).toMatch(/reference_key='gold' is not a dataset column \(columns: prompt, target|answer/);
    expect(r.no_reference).toEqual([[null, null]]);
    expect(r.no_reference_warning.join('\n')).toMatch(/needs a reference.*\(columns: target\); pass reference_key/);
  });
});
