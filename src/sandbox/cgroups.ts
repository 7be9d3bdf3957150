import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Enforcement, Limits } from './types.js';

/** One run's cgroup: every process of the run is in it, counted and killed together. */
export interface RunCgroup {
  enforcement: Exclude<Enforcement, 'per-process'>;
  /** `cgroup.procs` files the launcher writes its own pid to before it starts bwrap. */
  procsFiles: string[];
  /** CPU time of every process of the run so far (ms). */
  cpuMs(): number;
  /** Most memory the run held at once, kernel and tmpfs/shm pages included (MiB). */
  peakMemoryMb(): number;
  /** The kernel killed a process of the run at the memory limit. */
  oomKilled(): boolean;
  /** SIGKILL to every process in the cgroup. */
  kill(): void;
  /** Kills what is left and removes the cgroup (retries while the kernel tears the run down). */
  remove(): Promise<void>;
}

/** A cgroup hierarchy rewardkit can make per-run cgroups in. */
export interface CgroupHost {
  enforcement: Exclude<Enforcement, 'per-process'>;
  /** Where the runs' cgroups are made, for `rewardkit sandbox check`. */
  where: string;
  create(name: string, limits: Limits): RunCgroup;
}

const ROOT = 'rewardkit';
const V1_CONTROLLERS = ['memory', 'pids', 'cpuacct'] as const;

interface Mount {
  root: string;
  point: string;
  type: string;
  options: string[];
}

function mounts(): Mount[] {
  const out: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const f = left.split(' ');
    const [type, , superOptions] = right.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    out.push({ root: f[3] ?? '/', point: f[4] ?? '', type, options: (superOptions ?? '').split(',') });
  }
  return out;
}

/** This process's cgroup path per v1 controller, and its v2 path under the key ''. */
function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    for (const controller of (m[1] ?? '').split(',')) own.set(controller, m[2] ?? '/');
  }
  return own;
}

/** The directory of this process's own cgroup in a mounted hierarchy. */
function ownDir(mount: Mount, ownPath: string): string {
  const relative = mount.root !== '/' && ownPath.startsWith(mount.root) ? ownPath.slice(mount.root.length) : ownPath;
  return path.join(mount.point, relative);
}

function write(file: string, value: string): void {
  writeFileSync(file, value);
}

function readNumber(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

function keyed(file: string, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readFileSync(file, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function killPids(procsFile: string): number {
  let pids: number[] = [];
  try {
    pids = readFileSync(procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {}
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  return pids.length;
}

async function removeDirs(dirs: string[], kill: () => void): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    kill();
    let left = 0;
    for (const dir of dirs) {
      try {
        rmdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') left++;
      }
    }
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Removes cgroups a crashed run left behind, so a reused name starts empty. */
function clearStale(dir: string): void {
  if (!existsSync(dir)) return;
  killPids(path.join(dir, 'cgroup.procs'));
  try {
    rmdirSync(dir);
  } catch {}
}

function v1Host(): CgroupHost | string {
  const all = mounts();
  const own = ownCgroups();
  const bases: Record<string, string> = {};
  for (const controller of V1_CONTROLLERS) {
    const mount = all.find((m) => m.type === 'cgroup' && m.options.includes(controller));
    if (!mount) return `no cgroup v1 ${controller} hierarchy`;
    bases[controller] = path.join(ownDir(mount, own.get(controller) ?? '/'), ROOT);
  }
  const dirsOf = (name: string) => V1_CONTROLLERS.map((c) => path.join(bases[c] as string, name));
  const host: CgroupHost = {
    enforcement: 'cgroup-v1',
    where: V1_CONTROLLERS.map((c) => bases[c]).join(', '),
    create(name, limits) {
      const dirs = dirsOf(name);
      const [memory, pids, cpu] = dirs as [string, string, string];
      for (const dir of dirs) {
        clearStale(dir);
        mkdirSync(dir, { recursive: true });
      }
      const bytes = `${limits.memoryMb * 1024 * 1024}`;
      write(path.join(memory, 'memory.limit_in_bytes'), bytes);
      // Swap counts too where the kernel accounts it (memsw); without swap there is none to count.
      if (existsSync(path.join(memory, 'memory.memsw.limit_in_bytes')))
        write(path.join(memory, 'memory.memsw.limit_in_bytes'), bytes);
      write(path.join(pids, 'pids.max'), `${limits.processes}`);
      const kill = () => {
        for (const dir of dirs) killPids(path.join(dir, 'cgroup.procs'));
      };
      return {
        enforcement: 'cgroup-v1',
        procsFiles: dirs.map((d) => path.join(d, 'cgroup.procs')),
        cpuMs: () => readNumber(path.join(cpu, 'cpuacct.usage')) / 1e6,
        peakMemoryMb: () => readNumber(path.join(memory, 'memory.max_usage_in_bytes')) / (1 << 20),
        oomKilled: () => keyed(path.join(memory, 'memory.oom_control'), 'oom_kill') > 0,
        kill,
        remove: () => removeDirs(dirs, kill),
      };
    },
  };
  return probe(host);
}

function v2Host(): CgroupHost | string {
  const mount = mounts().find((m) => m.type === 'cgroup2');
  if (!mount) return 'no cgroup v2 hierarchy';
  const own = ownDir(mount, ownCgroups().get('') ?? '/');
  let controllers: string[] = [];
  try {
    controllers = readFileSync(path.join(own, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
  } catch {}
  const missing = ['memory', 'pids', 'cpu'].filter((c) => !controllers.includes(c));
  if (missing.length > 0) return `cgroup v2 at ${own} lacks the ${missing.join(', ')} controller`;
  const base = path.join(own, ROOT);
  try {
    // Controllers can only be enabled for children of a cgroup that holds no process itself (or the root).
    write(path.join(own, 'cgroup.subtree_control'), '+memory +pids +cpu');
    mkdirSync(base, { recursive: true });
    write(path.join(base, 'cgroup.subtree_control'), '+memory +pids +cpu');
  } catch (err) {
    return `cannot enable cgroup v2 controllers under ${own}: ${(err as Error).message}`;
  }
  const host: CgroupHost = {
    enforcement: 'cgroup-v2',
    where: base,
    create(name, limits) {
      const dir = path.join(base, name);
      clearStale(dir);
      mkdirSync(dir);
      write(path.join(dir, 'memory.max'), `${limits.memoryMb * 1024 * 1024}`);
      if (existsSync(path.join(dir, 'memory.swap.max'))) write(path.join(dir, 'memory.swap.max'), '0');
      write(path.join(dir, 'pids.max'), `${limits.processes}`);
      let peak = 0;
      const kill = () => {
        try {
          write(path.join(dir, 'cgroup.kill'), '1');
        } catch {
          killPids(path.join(dir, 'cgroup.procs'));
        }
      };
      return {
        enforcement: 'cgroup-v2',
        procsFiles: [path.join(dir, 'cgroup.procs')],
        cpuMs: () => keyed(path.join(dir, 'cpu.stat'), 'usage_usec') / 1000,
        peakMemoryMb: () => {
          const file = existsSync(path.join(dir, 'memory.peak')) ? 'memory.peak' : 'memory.current';
          peak = Math.max(peak, readNumber(path.join(dir, file)));
          return peak / (1 << 20);
        },
        oomKilled: () => keyed(path.join(dir, 'memory.events'), 'oom_kill') > 0,
        kill,
        remove: () => removeDirs([dir], kill),
      };
    },
  };
  return probe(host);
}

/** Makes and removes one cgroup with limits, to prove this process may. */
function probe(host: CgroupHost): CgroupHost | string {
  try {
    const group = host.create(`probe-${process.pid}`, {
      wallMs: 1000,
      cpuMs: 1000,
      memoryMb: 64,
      processes: 8,
      outputBytes: 1,
      tmpBytes: 1 << 16,
    });
    group.cpuMs();
    group.peakMemoryMb();
    void group.remove();
    return host;
  } catch (err) {
    return `cannot make a cgroup (${host.enforcement}) under ${host.where}: ${(err as Error).message}`;
  }
}

/** The cgroup hierarchy per-run cgroups are made in (v2 preferred, then v1), or why there is none. */
export function detectCgroups(): { host?: CgroupHost; reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not running as root' };
  const reasons: string[] = [];
  for (const make of [v2Host, v1Host]) {
    const found = make();
    if (typeof found !== 'string') return { host: found, reason: `${found.enforcement} at ${found.where}` };
    reasons.push(found);
  }
  return { reason: reasons.join('; ') };
}

/** Names of the run cgroups present, for tests. */
export function runCgroupNames(host: CgroupHost): string[] {
  const first = host.where.split(', ')[0] ?? '';
  try {
    return readdirSync(first).filter((n) => !n.includes('.'));
  } catch {
    return [];
  }
}
