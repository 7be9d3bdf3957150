import { launcherArgs, PROGRAM_FILE } from './launchers.js';
import { type HostLayout, NAMESPACE_LADDER, SANDBOX_DIR, SANDBOX_UID } from './profile.js';
import type { Language, Limits } from './types.js';

/** stdio index the program text is written to (bwrap copies it into the sandbox). */
export const PROGRAM_FD = 3;
/** stdio index bwrap writes its JSON status (child pid, namespaces, exit code) to. */
export const STATUS_FD = 5;

/** The environment every program sees; nothing is inherited from the host. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
};

/** `prlimit` options for the limits: CPU soft/hard in seconds, memory, processes, files, no core dumps. */
export function prlimitArgs(language: Language, limits: Limits): string[] {
  const cpu = Math.max(1, Math.ceil(limits.cpuMs / 1000));
  const bytes = limits.memoryMb * 1024 * 1024;
  // V8 reserves far more address space than it uses, so JavaScript is capped by RLIMIT_DATA
  // (private writable memory) and its heap flag; Python gets the stricter RLIMIT_AS.
  const memory = language === 'python' ? [`--as=${bytes}`, `--data=${bytes}`] : [`--data=${bytes}`];
  return [
    `--cpu=${cpu}:${cpu + 1}`,
    ...memory,
    `--nproc=${limits.processes}`,
    '--nofile=256',
    '--core=0',
    `--fsize=${limits.tmpBytes}`,
  ];
}

/** Size of a run's /dev/shm, and of the System V shm its IPC namespace allows (bytes). */
export function shmBytes(limits: Limits): number {
  return Math.min(limits.tmpBytes, 16 << 20);
}

/** Every namespace `--unshare-all` makes but IPC, for runs started inside an IPC namespace made (and bounded) by root. */
const ALL_BUT_IPC = ['--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try'];

/** How a run is started: its IPC namespace already made by the caller, and whether it has assert tests. */
export interface BwrapOptions {
  ownIpc?: boolean;
  withTests?: boolean;
}

/** The full bwrap command line for one run of `language` under `limits`, using ladder entry `rung`. */
export function bwrapArgs(
  layout: HostLayout,
  rung: number,
  language: Language,
  limits: Limits,
  options: BwrapOptions = {},
): string[] {
  const ns = NAMESPACE_LADDER[rung];
  if (!ns) throw new Error(`no sandbox profile ${rung}`);
  const programPath = `${SANDBOX_DIR}/${PROGRAM_FILE[language]}`;
  const unshare = options.ownIpc
    ? ns.args.flatMap((a) => (a === '--unshare-all' ? ALL_BUT_IPC : a === '--unshare-ipc' ? [] : [a]))
    : ns.args;
  const args = [...unshare, '--die-with-parent', '--new-session', '--uid', `${SANDBOX_UID}`, '--gid', `${SANDBOX_UID}`];
  if (ns.uts) args.push('--hostname', 'sandbox');
  args.push('--ro-bind', '/usr', '/usr');
  for (const { target, link } of layout.rootLinks) args.push('--symlink', target, link);
  for (const dir of layout.rootDirs) args.push('--ro-bind', dir, dir);
  for (const dir of layout.extraBinds) args.push('--ro-bind', dir, dir);
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--size', `${limits.tmpBytes}`, '--tmpfs', '/tmp');
  args.push('--size', `${shmBytes(limits)}`, '--tmpfs', '/dev/shm');
  args.push('--ro-bind-data', `${PROGRAM_FD}`, programPath, '--chdir', '/tmp', '--clearenv');
  for (const [key, value] of Object.entries(SANDBOX_ENV)) args.push('--setenv', key, value);
  args.push('--json-status-fd', `${STATUS_FD}`, '--remount-ro', '/dev', '--remount-ro', '/', '--');
  args.push(layout.prlimit, ...prlimitArgs(language, limits), '--');
  args.push(
    layout.interpreters[language],
    ...launcherArgs(language, programPath, limits.memoryMb, options.withTests ?? false),
  );
  return args;
}
