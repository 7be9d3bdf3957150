// RewardError across copies of rewardkit: the CLI runs its bundle while an extra-kinds module imports the
// package (dist/), so each has its own class. A reward's RewardError must keep its code either way.
import { describe, expect, it } from 'vitest';
import { BackendFailure } from '../src/backends/failure.js';
import { RewardError, toRewardError } from '../src/core/codes.js';

describe('RewardError', () => {
  it('recognises a RewardError from another copy of the module, and keeps its code', async () => {
    // The query string makes vitest load a second, separate instance of the same file.
    const copy = '../src/core/codes.ts?copy';
    const other = (await import(copy)) as typeof import('../src/core/codes.js');
    expect(other.RewardError).not.toBe(RewardError);
    const foreign = new other.RewardError('unavailable', 'backend down', { where: 'judge' });
    expect(foreign instanceof RewardError).toBe(true);
    expect(toRewardError(foreign, 'reward-failed')).toBe(foreign);
    expect(new RewardError('timeout', 'x') instanceof other.RewardError).toBe(true);
  });

  it('still tells other errors and subclasses apart', () => {
    expect(new Error('x') instanceof RewardError).toBe(false);
    const lookalike: unknown = { name: 'RewardError', code: 'unavailable', message: 'x' };
    expect(lookalike instanceof RewardError).toBe(false);
    expect((null as unknown) instanceof RewardError).toBe(false);
    expect(toRewardError(new Error('boom'), 'reward-failed').code).toBe('reward-failed');
    expect(new RewardError('backend-error', 'x') instanceof BackendFailure).toBe(false);
    const failure = new BackendFailure('backend-error', 'judge', 'down');
    expect(failure instanceof BackendFailure && failure instanceof RewardError).toBe(true);
  });
});
