// The verdict classifier, ending by ending: the verdict and the reason a user reads, pinned word for word.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { classify, type RunEvidence } from '../../src/sandbox/classify.js';
import { resolveLimits } from '../../src/sandbox/types.js';

const limits = resolveLimits({ wallMs: 5000, cpuMs: 1500, memoryMb: 128, outputBytes: 4096, tmpBytes: 8192 });
const base: RunEvidence = {
  killedFor: undefined,
  sandboxStarted: true,
  report: 'started',
  exitCode: 0,
  stderr: '',
  wallMs: 100,
  limits,
  language: 'python',
};
const run = (over: Partial<RunEvidence>) => classify({ ...base, ...over });

describe('classify', () => {
  it('names the limit a killed run hit, with its value', () => {
    expect(run({ killedFor: 'abort' })).toEqual({ verdict: 'sandbox-error', message: 'aborted by the caller' });
    expect(run({ killedFor: 'output', exitCode: 137 })).toEqual({
      verdict: 'output-limit',
      message: 'wrote more than 4096 bytes',
    });
    expect(run({ killedFor: 'wall', exitCode: 137 })).toEqual({
      verdict: 'time-limit',
      message: 'ran past the 5000 ms wall limit',
    });
    const cpu = { verdict: 'time-limit', message: 'used more than 1500 ms of CPU (all its processes together)' };
    expect(run({ killedFor: 'cpu', exitCode: 137 })).toEqual(cpu);
    expect(run({ exitCode: 0, runCpuMs: 1501 })).toEqual(cpu);
    // At the limit, not past it: the run's own exit decides.
    expect(run({ exitCode: 0, runCpuMs: 1500 })).toEqual({ verdict: 'accepted', message: 'exited with code 0' });
    expect(run({ exitCode: 137, oomKilled: true })).toEqual({
      verdict: 'memory-limit',
      message: 'killed at its 128 MiB limit (all its processes together)',
    });
  });

  it('says why the sandbox or the interpreter did not start', () => {
    expect(run({ sandboxStarted: false, exitCode: 1, stderr: 'bwrap: no permission\n\n' })).toEqual({
      verdict: 'sandbox-error',
      message: 'sandbox setup failed: bwrap: no permission',
    });
    expect(run({ report: undefined, exitCode: 1, stderr: 'ld.so: broken\n' })).toEqual({
      verdict: 'sandbox-error',
      message: 'the interpreter did not start: ld.so: broken',
    });
    expect(run({ report: undefined, exitCode: 1, stderr: 'Fatal process out of memory: heap\n' })).toEqual({
      verdict: 'memory-limit',
      message: 'the interpreter could not start in 128 MiB',
    });
    expect(run({ report: 'compile-error', exitCode: 1, stderr: '  File "main.py"\nSyntaxError: bad  \n' })).toEqual({
      verdict: 'compile-error',
      message: 'SyntaxError: bad',
    });
  });

  it('tells a CPU-limit SIGKILL from an early one by whether the run was long enough to reach it', () => {
    // 2 s of CPU (1500 ms rounded up) across every core: the earliest the hard limit can kill.
    const earliest = 2000 / availableParallelism();
    const atLimit = { verdict: 'time-limit', message: 'killed at the 2 s CPU limit' };
    expect(run({ exitCode: 137, wallMs: earliest })).toEqual(atLimit);
    expect(run({ exitCode: 137, wallMs: earliest - 1 })).toEqual({
      verdict: 'runtime-error',
      message: 'killed by SIGKILL',
    });
    expect(run({ exitCode: 128 + 24 })).toEqual({ verdict: 'time-limit', message: 'used more than 2 s of CPU' });
    // Under a second of CPU still counts as the 1 s RLIMIT_CPU minimum.
    const short = { ...limits, cpuMs: 300 };
    expect(run({ exitCode: 128 + 24, limits: short })).toEqual({
      verdict: 'time-limit',
      message: 'used more than 1 s of CPU',
    });
    expect(run({ exitCode: 137, wallMs: 1000, limits: short })).toEqual({
      verdict: 'time-limit',
      message: 'killed at the 1 s CPU limit',
    });
  });

  it('reads out-of-memory last words, only where an interpreter prints them', () => {
    const oom = { verdict: 'memory-limit', message: 'ran out of its 128 MiB' };
    expect(run({ exitCode: 1, stderr: 'Traceback (most recent call last):\nMemoryError\n' })).toEqual(oom);
    expect(run({ exitCode: 134, stderr: 'terminate called recursively\n' })).toEqual(oom);
    // A program's own exception named like it is not the interpreter running out.
    expect(run({ exitCode: 1, stderr: 'main.NotMemoryError: x\n' })).toEqual({
      verdict: 'runtime-error',
      message: 'exited with code 1: main.NotMemoryError: x',
    });
    for (const signal of [11, 7]) {
      const name = signal === 11 ? 'SIGSEGV' : 'SIGBUS';
      expect(run({ exitCode: 128 + signal, language: 'javascript' })).toEqual({
        verdict: 'memory-limit',
        message: `crashed with ${name}, most likely out of its 128 MiB`,
      });
      expect(run({ exitCode: 128 + signal })).toEqual({ verdict: 'runtime-error', message: `killed by ${name}` });
    }
  });

  it('names the signal or exit code of a runtime error, with the last meaningful stderr line', () => {
    expect(run({ exitCode: 128 + 25 })).toEqual({
      verdict: 'runtime-error',
      message: 'wrote a file larger than 8192 bytes',
    });
    // Node's trailing version banner and blank lines are skipped; long lines are cut at 300 characters.
    const stderr = `Error: ${'x'.repeat(400)}\n\nNode.js v20.20.2\n`;
    expect(run({ exitCode: 1, language: 'javascript', stderr })).toEqual({
      verdict: 'runtime-error',
      message: `exited with code 1: Error: ${'x'.repeat(293)}`,
    });
    expect(run({ exitCode: 1, stderr: 'first\n   \n  Node.jsish last  \n' }).message).toBe(
      'exited with code 1: Node.jsish last',
    );
    expect(run({ exitCode: 1, stderr: 'first\nNode.js vX\n' }).message).toBe('exited with code 1: Node.js vX');
    expect(run({ exitCode: 1, stderr: 'first\nat Node.js v20\n' }).message).toBe('exited with code 1: at Node.js v20');
    expect(run({ exitCode: 3, stderr: '' })).toEqual({ verdict: 'runtime-error', message: 'exited with code 3' });
    expect(run({ exitCode: 1, stderr: 'boom\n   \n' }).message).toBe('exited with code 1: boom');
    // Only SIGKILL is read as the CPU hard limit, however long the run.
    expect(run({ exitCode: 139, wallMs: 60_000 })).toEqual({ verdict: 'runtime-error', message: 'killed by SIGSEGV' });
    expect(run({ exitCode: 1, wallMs: 60_000 })).toEqual({ verdict: 'runtime-error', message: 'exited with code 1' });
    expect(run({ exitCode: null })).toEqual({ verdict: 'runtime-error', message: 'exited with code null' });
    expect(run({ exitCode: 128 })).toEqual({ verdict: 'runtime-error', message: 'exited with code 128' });
    // Signal 6 has two names (SIGABRT, SIGIOT): the first, the one users know, is given.
    expect(run({ exitCode: 134, stderr: 'Aborted\n' })).toEqual({
      verdict: 'runtime-error',
      message: 'killed by SIGABRT: Aborted',
    });
  });

  it('accepts a clean exit only once the tests ran to their end', () => {
    expect(run({ exitCode: 0, testsFinished: false })).toEqual({
      verdict: 'wrong-answer',
      message: 'exited with code 0 before the tests ran to their end',
    });
    expect(run({ exitCode: 0, testsFinished: true })).toEqual({ verdict: 'accepted', message: 'exited with code 0' });
  });
});
