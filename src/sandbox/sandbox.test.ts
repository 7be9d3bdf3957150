import { describe, expect, it } from 'vitest';
import { createRegistry } from '../catalog.js';
import { RewardError } from '../core/codes.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { prlimitArgs, SANDBOX_ENV } from './bwrap-args.js';
import { detectCgroups } from './cgroups.js';
import { classify, type RunEvidence } from './classify.js';
import { parseStatus } from './execute.js';
import { configureSandbox } from './pool.js';
import { Sandbox } from './sandbox.js';
import { DEFAULT_LIMITS, resolveLimits } from './types.js';

const FAST = { wallMs: 5000, cpuMs: 1000, memoryMb: 128 };

describe('verdict classification', () => {
  const base: RunEvidence = {
    killedFor: undefined,
    sandboxStarted: true,
    report: 'started',
    exitCode: 0,
    stderr: '',
    wallMs: 100,
    limits: DEFAULT_LIMITS,
    language: 'python',
  };
  const verdict = (over: Partial<RunEvidence>) => classify({ ...base, ...over }).verdict;

  it('maps each kind of ending to its verdict', () => {
    expect(verdict({})).toBe('accepted');
    expect(verdict({ exitCode: 1, stderr: 'ValueError: x' })).toBe('runtime-error');
    expect(verdict({ exitCode: 1, stderr: 'Traceback\nMemoryError\n' })).toBe('memory-limit');
    expect(verdict({ exitCode: 134, stderr: 'FATAL ERROR: Reached heap limit - JavaScript heap out of memory' })).toBe(
      'memory-limit',
    );
    expect(verdict({ exitCode: 128 + 24 })).toBe('time-limit'); // SIGXCPU
    expect(verdict({ exitCode: 128 + 9, wallMs: 60_000 })).toBe('time-limit'); // SIGKILL at the CPU hard limit
    expect(verdict({ exitCode: 128 + 9, wallMs: 10 })).toBe('runtime-error'); // too early for the CPU limit
    expect(verdict({ exitCode: 128 + 11, language: 'javascript' })).toBe('memory-limit');
    // V8 aborting while it reports a failed Buffer allocation under RLIMIT_DATA (seen in CI)
    expect(verdict({ exitCode: 128 + 6, language: 'javascript', stderr: 'terminate called recursively\n' })).toBe(
      'memory-limit',
    );
    expect(verdict({ exitCode: 128 + 6, language: 'javascript', stderr: 'Aborted\n' })).toBe('runtime-error');
    expect(verdict({ exitCode: 128 + 11 })).toBe('runtime-error');
    expect(verdict({ killedFor: 'wall', exitCode: 137 })).toBe('time-limit');
    expect(verdict({ killedFor: 'output', exitCode: 137 })).toBe('output-limit');
    expect(verdict({ report: 'compile-error', exitCode: 1 })).toBe('compile-error');
  });

  it('never lets the program forge a sandbox error or a compile error', () => {
    // Only bwrap's status fd (child started) and the launcher's private fd decide these.
    expect(
      verdict({ sandboxStarted: false, exitCode: 1, stderr: 'bwrap: setting up uid map: Permission denied' }),
    ).toBe('sandbox-error');
    expect(verdict({ exitCode: 1, stderr: 'bwrap: fake\nSyntaxError: fake' })).toBe('runtime-error');
    expect(verdict({ report: undefined, exitCode: 0 })).toBe('sandbox-error');
    expect(verdict({ killedFor: 'abort' })).toBe('sandbox-error');
  });

  it('reads bwrap status lines', () => {
    const text = '{ "child-pid": 12, "pid-namespace": 4026532181 }\n{ "exit-code": 3 }\n';
    expect(parseStatus(text)).toEqual({ childPid: 12, pidNamespace: 4026532181, exitCode: 3 });
    expect(parseStatus('garbage')).toEqual({});
  });

  it('sets the rlimits per language', () => {
    const limits = resolveLimits({ cpuMs: 1500, memoryMb: 64, processes: 8 });
    expect(prlimitArgs('python', limits)).toEqual(
      expect.arrayContaining(['--cpu=2:3', `--as=${64 << 20}`, `--data=${64 << 20}`, '--nproc=8', '--core=0']),
    );
    expect(prlimitArgs('javascript', limits).some((a) => a.startsWith('--as='))).toBe(false);
    expect(resolveLimits({ wallMs: undefined })).toEqual(DEFAULT_LIMITS);
  });
});

describe('sandbox runs', () => {
  const sandbox = new Sandbox({ concurrency: 2 });

  it('gives each verdict from a real run', async () => {
    const run = (language: 'python' | 'javascript', code: string, stdin?: string, limits = FAST) =>
      sandbox.run({ language, code, limits, ...(stdin === undefined ? {} : { stdin }) });
    // The output flood gets CPU to spare: on a loaded machine 1 s of CPU can run out before the output cap.
    const roomy = { ...FAST, cpuMs: 10_000, wallMs: 20_000 };
    const results = await Promise.all([
      run('python', 'import sys; print(sum(map(int, sys.stdin.read().split())))', '1 2 3'),
      run('python', 'def f(:'),
      run('javascript', 'let = ;'),
      run('python', 'raise SystemExit(3)'),
      run('python', 'while True: pass'),
      run('python', 'x = bytearray(1 << 30)'),
      run('javascript', 'for (;;) console.log("y".repeat(4096))', undefined, roomy),
    ]);
    expect(results.map((r) => r.verdict)).toEqual([
      'accepted',
      'compile-error',
      'compile-error',
      'runtime-error',
      'time-limit',
      'memory-limit',
      expect.stringMatching(/^(output|memory)-limit$/),
    ]);
    expect(results[0]?.stdout).toBe('6\n');
    expect(results[3]?.exitCode).toBe(3);
  });

  it('runs ES modules and CommonJS alike, and does not block on unread stdin', async () => {
    const esm = await sandbox.run({
      language: 'javascript',
      code: 'import os from "node:os";\nconsole.log(typeof os.cpus);',
    });
    expect(esm.stdout).toBe('function\n');
    const unread = await sandbox.run({ language: 'python', code: 'print("ok")', stdin: 'x'.repeat(1 << 20) });
    expect(unread.verdict).toBe('accepted');
  });

  it('gives programs a clean environment only', async () => {
    process.env.REWARDKIT_TEST_TOKEN = 'do-not-leak';
    try {
      const r = await sandbox.run({ language: 'python', code: 'import os, json; print(json.dumps(dict(os.environ)))' });
      const env = JSON.parse(r.stdout) as Record<string, string>;
      expect(env).toMatchObject(SANDBOX_ENV);
      // bwrap sets PWD after --chdir and Python may add LC_CTYPE (PEP 538); nothing else may appear.
      const allowed = new Set([...Object.keys(SANDBOX_ENV), 'PWD', 'LC_CTYPE']);
      expect(Object.keys(env).filter((k) => !allowed.has(k))).toEqual([]);
      expect(env.PWD).toBe('/tmp');
    } finally {
      delete process.env.REWARDKIT_TEST_TOKEN;
    }
  });

  it('kills the run when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await sandbox.run({ language: 'python', code: 'import time; time.sleep(30)', signal: controller.signal });
    expect(r).toMatchObject({ verdict: 'sandbox-error', aborted: true });
  });
});

describe('without a working sandbox', () => {
  it('refuses with a clear sandbox-error', async () => {
    const broken = new Sandbox({ paths: { bwrap: '/nonexistent/bwrap' } });
    const err = await broken.run({ language: 'python', code: 'print(1)' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RewardError);
    expect((err as RewardError).code).toBe('sandbox-error');
    expect((err as RewardError).message).toMatch(/cannot set up the bubblewrap sandbox.*--unsafe-no-sandbox/s);
  });

  it('makes the code reward an error, not a zero', async () => {
    configureSandbox({ paths: { bwrap: '/nonexistent/bwrap' } });
    try {
      const root = compileNode({ kind: 'code' }, createRegistry(), { file: 't' });
      const [r] = await new Runner().score(root, [
        { prompt: 'q', response: 'print(1)', reference: { tests: [{ stdout: '1' }] } },
      ]);
      expect(r).toMatchObject({ status: 'error', code: 'sandbox-error' });
    } finally {
      configureSandbox({});
    }
  });

  it('runs unsandboxed only when asked, still under the limits, and says so in every result', async () => {
    const unsafe = new Sandbox({ mode: 'unsafe-no-sandbox' });
    const ok = await unsafe.run({ language: 'python', code: 'print(6 * 7)' });
    expect(ok).toMatchObject({ verdict: 'accepted', stdout: '42\n', sandbox: 'none (unsafe: --unsafe-no-sandbox)' });
    const loop = await unsafe.run({ language: 'python', code: 'while True: pass', limits: FAST });
    expect(loop.verdict).toBe('time-limit');
    expect((await unsafe.check('python')).profile).toMatch(/unsafe/);
  });

  it('says how limits hold: a cgroup per run where one can be made, per-process otherwise', async () => {
    const sandbox = new Sandbox({ concurrency: 2 });
    const found = detectCgroups();
    const hardened = await sandbox.run({ language: 'python', code: 'print(1)' });
    expect(hardened.enforcement).toBe(found.host?.enforcement ?? 'per-process');
    if (found.host) expect(hardened.usage?.cpuMs).toBeGreaterThan(0);
    const plain = new Sandbox({ cgroups: false });
    const r = await plain.run({ language: 'python', code: 'print(1)' });
    expect(r).toMatchObject({ verdict: 'accepted', enforcement: 'per-process' });
    expect(r.usage).toBeUndefined();
    expect(await plain.check('python')).toMatchObject({ limits: 'per-process', limitsDetail: expect.any(String) });
  });

  it('accepts assert tests only with the launcher proof that they ran to their end', async () => {
    const sandbox = new Sandbox({ concurrency: 2 });
    const tests = 'assert f(1) == 2';
    const pass = await sandbox.run({ language: 'python', code: 'def f(x):\n    return x + 1', tests });
    expect(pass.verdict).toBe('accepted');
    const fail = await sandbox.run({ language: 'python', code: 'def f(x):\n    return x', tests });
    expect(fail.verdict).toBe('runtime-error');
    const early = await sandbox.run({
      language: 'python',
      code: 'import os\ndef f(x):\n    return x\nos._exit(0)',
      tests,
    });
    expect(early).toMatchObject({ verdict: 'wrong-answer', message: expect.stringMatching(/before the tests/) });
    // The nonce is in no file the program can read: /sandbox/main.py holds the program alone.
    const peek = await sandbox.run({ language: 'python', code: 'print(open(__file__).read())', tests: 'x = 1' });
    expect(peek.stdout).not.toContain('x = 1');
  });

  it('hands the wait for a run slot to the caller (the runner stops the budget clock meanwhile)', async () => {
    const one = new Sandbox({ concurrency: 1 });
    const waits: string[] = [];
    const queued = (name: string) => async (turn: Promise<void>) => {
      waits.push(`${name} waiting`);
      await turn;
      waits.push(`${name} started`);
    };
    const code = 'import time; time.sleep(0.2); print(1)';
    const runs = await Promise.all([
      one.run({ language: 'python', code, queued: queued('a') }),
      one.run({ language: 'python', code, queued: queued('b') }),
    ]);
    expect(runs.map((r) => r.verdict)).toEqual(['accepted', 'accepted']);
    expect(waits).toEqual(['a waiting', 'b waiting', 'a started', 'b started']);
  });
});
