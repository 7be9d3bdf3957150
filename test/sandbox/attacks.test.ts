// The attack suite: every hostile program in data/attacks is contained with the expected verdict,
// leaves no process and no host file behind, and never sees the host's environment.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detectCgroups, runCgroupNames } from '../../src/sandbox/cgroups.js';
import { Sandbox } from '../../src/sandbox/sandbox.js';
import { LANGUAGES, type RunRequest, type RunResult } from '../../src/sandbox/types.js';
import { type HostService, type HostServiceKind, startHostServices } from './host-services.js';

const DIR = path.join(import.meta.dirname, '../../data/attacks');
const verdict = z.enum([
  'accepted',
  'wrong-answer',
  'runtime-error',
  'time-limit',
  'memory-limit',
  'output-limit',
  'compile-error',
]);
const limitsSchema = z
  .object({
    wallMs: z.number(),
    cpuMs: z.number(),
    memoryMb: z.number(),
    processes: z.number(),
    outputBytes: z.number(),
    tmpBytes: z.number(),
  })
  .partial();
const manifestSchema = z.object({
  about: z.string(),
  limits: limitsSchema,
  attacks: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        file: z.string(),
        language: z.enum(LANGUAGES as ['python', 'javascript']),
        about: z.string().min(5),
        expect: verdict, // one verdict: a contained run ends one way
        stdout: z.string().optional(),
        limits: limitsSchema.optional(),
        hostPathsAbsent: z.array(z.string()).optional(),
        tests: z.string().optional(),
        heldAtMostMb: z.number().optional(),
        needsRoot: z.boolean().optional(),
        alongside: z.string().optional(),
        listener: z.enum(['tcp', 'http', 'dns']).optional(),
        control: z
          .object({
            sandbox: z.enum(['no-proof', 'per-process', 'unsandboxed']),
            expect: verdict,
            stdout: z.string().optional(),
            heldMoreThanMb: z.number().optional(),
          })
          .optional(),
      }),
    )
    .min(30),
});
const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')));
const SECRET = `rewardkit-secret-${process.pid}-${Date.now()}`;

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat start times

/** Seconds since boot, as /proc/<pid>/stat start times count them. */
function uptimeTicks(): number {
  return Number.parseFloat(readFileSync('/proc/uptime', 'utf8')) * TICKS_PER_SECOND;
}

/** Running processes (zombies excluded) outside our pid namespace, by namespace, with their start times. */
function foreignPidNamespaces(): Map<string, Array<{ pid: number; start: number }>> {
  const own = readlinkSync('/proc/self/ns/pid');
  const found = new Map<string, Array<{ pid: number; start: number }>>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A zombie runs nothing: bwrap's exited init waits there until the host's init reaps it.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const ns = readlinkSync(`/proc/${entry}/ns/pid`);
      if (ns !== own) found.set(ns, [...(found.get(ns) ?? []), { pid: Number(entry), start: Number(fields[19]) }]);
    } catch {} // exited meanwhile, or not ours to read
  }
  return found;
}

/** Processes of a finished run still running after `graceMs` (the kernel kills the rest once its init exits). */
async function strayProcesses(result: RunResult, graceMs = 2000): Promise<number[]> {
  if (result.pidNamespace === undefined) return [];
  const endedAt = uptimeTicks();
  const deadline = Date.now() + graceMs;
  for (;;) {
    // Only processes started before the run ended: a later run may reuse a freed namespace inode.
    const live = (foreignPidNamespaces().get(`pid:[${result.pidNamespace}]`) ?? []).filter((p) => p.start <= endedAt);
    if (live.length === 0 || Date.now() > deadline) return live.map((p) => p.pid);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Attack = (typeof manifest.attacks)[number];
type Control = NonNullable<Attack['control']>['sandbox'];
type Services = Record<HostServiceKind, HostService>;

function requestOf(attack: Attack, services: Services, control?: Control): RunRequest {
  const code = readFileSync(path.join(DIR, attack.file), 'utf8');
  const limits = { ...manifest.limits, ...attack.limits };
  // A network attack reads the address of the host service it is to reach on stdin.
  if (attack.listener) return { language: attack.language, code, limits, stdin: services[attack.listener].stdin };
  if (attack.tests === undefined) return { language: attack.language, code, limits };
  // No proof: the asserts appended and judged by the exit code alone, as before the launcher's nonce.
  if (control === 'no-proof') return { language: attack.language, code: `${code}\n\n${attack.tests}\n`, limits };
  return { language: attack.language, code, limits, tests: attack.tests };
}

/** The `held N` (MiB) a memory attack printed, 0 when it printed none (killed first). */
function heldMb(result: RunResult): number {
  return Number(/held (\d+)/.exec(result.stdout)?.[1] ?? 0);
}

/** Runs every attack in `sandbox`; an attack with `alongside` starts once its partner has had time to start. */
function runAll(sandbox: Sandbox, attacks: Attack[], services: Services, control?: Control) {
  const results = new Map<string, Promise<{ result: RunResult; stray: number[] }>>();
  const pairs = new Sandbox({ concurrency: 2, ...(control === 'per-process' ? { perRunIsolation: false } : {}) });
  for (const attack of attacks) {
    const partner = manifest.attacks.find((a) => a.id === attack.alongside);
    const start = async () => {
      if (!partner) return sandbox.run(requestOf(attack, services, control));
      const first = pairs.run(requestOf(partner, services));
      await new Promise((resolve) => setTimeout(resolve, 700));
      const [result] = await Promise.all([pairs.run(requestOf(attack, services, control)), first]);
      return result;
    };
    // Checked the moment the run ends, before a later run can reuse the namespace's inode.
    results.set(
      attack.id,
      start().then(async (result) => ({ result, stray: await strayProcesses(result) })),
    );
  }
  return results;
}

const cgroups = detectCgroups();

describe('attack suite (data/attacks)', () => {
  const sandbox = new Sandbox({ concurrency: 3 });
  let results = new Map<string, Promise<{ result: RunResult; stray: number[] }>>();
  let before: Set<string>;
  let host: Awaited<ReturnType<typeof startHostServices>>;

  beforeAll(async () => {
    process.env.REWARDKIT_ATTACK_SECRET = SECRET; // the host holds a secret the programs must not see
    host = await startHostServices(); // real services on the host's loopback for the network attacks
    before = new Set(foreignPidNamespaces().keys());
    results = runAll(sandbox, manifest.attacks, host.services);
  });

  afterAll(async () => {
    delete process.env.REWARDKIT_ATTACK_SECRET;
    await host.close();
  });

  it('has a program file for every entry and an entry for every program', () => {
    const files = readdirSync(path.join(DIR, 'programs')).map((f) => `programs/${f}`);
    expect(new Set(manifest.attacks.map((a) => a.file))).toEqual(new Set(files));
    expect(new Set(manifest.attacks.map((a) => a.id)).size).toBe(manifest.attacks.length);
  });

  for (const attack of manifest.attacks) {
    it(`${attack.id}: ${attack.about}`, async () => {
      const { result, stray } = (await results.get(attack.id)) as { result: RunResult; stray: number[] };
      expect(result.enforcement).toBe(cgroups.host?.enforcement ?? 'per-process');
      if (attack.needsRoot && !cgroups.host) {
        // Without root's per-run uid and cgroup this attack is not contained: the result must say so.
        expect(result.enforcement).toBe('per-process');
        return;
      }
      expect(result.verdict, result.message).toBe(attack.expect);
      if (attack.stdout !== undefined) expect(result.stdout.trim()).toBe(attack.stdout);
      if (attack.heldAtMostMb !== undefined) expect(heldMb(result)).toBeLessThanOrEqual(attack.heldAtMostMb);
      const limits = { ...manifest.limits, ...attack.limits };
      if (result.usage)
        expect(result.usage.peakMemoryMb).toBeLessThanOrEqual(limits.memoryMb ?? Number.POSITIVE_INFINITY);
      expect(Buffer.byteLength(result.stdout), 'stdout past the output limit').toBeLessThanOrEqual(
        limits.outputBytes ?? 0,
      );
      expect(result.stdout + result.stderr).not.toContain(SECRET);
      expect(result.stdout).not.toContain('REWARDKIT_ATTACK_SECRET');
      expect(result.sandbox).toMatch(/^bwrap:/);
      expect(result.pidNamespace).toBeTypeOf('number');
      expect(stray, 'processes left running in the run’s pid namespace').toEqual([]);
      for (const hostPath of attack.hostPathsAbsent ?? []) expect(existsSync(hostPath), hostPath).toBe(false);
      if (attack.listener) expect(host.services[attack.listener].hits, 'reached the host service').toBe(0);
    });
  }

  it('leaves no sandboxed process running once every attack is done', async () => {
    await Promise.all(results.values());
    const after = [...foreignPidNamespaces().keys()].filter((ns) => !before.has(ns));
    expect(after).toEqual([]);
  });

  it.runIf(cgroups.host)('removes every run cgroup once its run has ended', async () => {
    await Promise.all(results.values());
    const host = cgroups.host as NonNullable<typeof cgroups.host>;
    // Another process's run in flight holds its uid's lock while its cgroup exists; a cgroup without one is left over.
    // Listed before and after reading the locks, so a run starting or ending meanwhile is not mistaken for one.
    const before = runCgroupNames(host);
    const locks = new Set(readdirSync(path.join(tmpdir(), 'rewardkit-run-uids')));
    const after = new Set(runCgroupNames(host));
    const left = before.filter((n) => n.startsWith('run-') && after.has(n) && !locks.has(n.slice('run-'.length)));
    expect(left).toEqual([]);
  });
});

// Controls: each attack works where its guarantee is absent, so the containment above is the fix's doing.
describe('attack controls (the same attacks without the guarantee)', () => {
  const withControl = manifest.attacks.filter((a) => a.control);
  let noProof = new Map<string, Promise<{ result: RunResult; stray: number[] }>>();
  let perProcess = noProof;
  let unsandboxed = noProof;
  let host: Awaited<ReturnType<typeof startHostServices>>;
  // Started once the suite above is done, so its no-process-left check sees only its own runs.
  beforeAll(async () => {
    host = await startHostServices();
    const pick = (how: string) => withControl.filter((a) => a.control?.sandbox === how);
    const { services } = host;
    noProof = runAll(new Sandbox({ concurrency: 2 }), pick('no-proof'), services, 'no-proof');
    perProcess = runAll(
      new Sandbox({ concurrency: 2, perRunIsolation: false }),
      pick('per-process'),
      services,
      'per-process',
    );
    const unsafe = new Sandbox({ concurrency: 2, mode: 'unsafe-no-sandbox' });
    unsandboxed = runAll(unsafe, pick('unsandboxed'), services, 'unsandboxed');
  });
  afterAll(() => host.close());
  const how = {
    'no-proof': 'when judged by exit code',
    'per-process': 'under rlimits only',
    unsandboxed: 'unsandboxed',
  };
  for (const attack of withControl) {
    const control = attack.control as NonNullable<Attack['control']>;
    it(`${attack.id} works ${how[control.sandbox]}`, async () => {
      const runs = { 'no-proof': noProof, 'per-process': perProcess, unsandboxed }[control.sandbox];
      const { result } = (await runs.get(attack.id)) as { result: RunResult };
      expect(result.verdict, result.message).toBe(control.expect);
      if (control.stdout !== undefined) expect(result.stdout.trim()).toBe(control.stdout);
      if (control.heldMoreThanMb !== undefined)
        expect(heldMb(result), `${result.verdict}: ${result.stdout} ${result.message}`).toBeGreaterThan(
          control.heldMoreThanMb,
        );
      if (attack.listener) {
        // Only a program that reached the host service knows its token.
        const service = host.services[attack.listener];
        expect(result.stdout).toContain(service.token);
        expect(service.hits).toBeGreaterThan(0);
      }
    });
  }
});
