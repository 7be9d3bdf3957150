import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Language } from './types.js';

/** Namespace sets to try, strongest first; the first one that runs a probe program is used. */
export const NAMESPACE_LADDER: ReadonlyArray<{ name: string; args: readonly string[]; uts: boolean }> = [
  // Every namespace, and no nested user namespaces (bwrap >= 0.8).
  { name: 'bwrap:all-namespaces', args: ['--unshare-all', '--unshare-user', '--disable-userns'], uts: true },
  { name: 'bwrap:all-namespaces-nested-userns', args: ['--unshare-all', '--unshare-user'], uts: true },
  {
    name: 'bwrap:user-pid-net-ipc',
    args: ['--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-ipc'],
    uts: false,
  },
];

/** The uid (and gid) a sandboxed program runs as, inside and, when rewardkit runs as root, outside. */
export const SANDBOX_UID = 65534;

/** Where the program lives inside the sandbox. */
export const SANDBOX_DIR = '/sandbox';

/** How the host is laid out for building sandboxes; found once, at first use. */
export interface HostLayout {
  bwrap: string;
  prlimit: string;
  /** bash, used to close leaked descriptors before bwrap starts. */
  bash: string;
  /** util-linux `unshare` and `setpriv`, for the root launch (own IPC namespace, cgroup, per-run uid). */
  unshare?: string;
  setpriv?: string;
  interpreters: Record<Language, string>;
  /** Extra read-only binds (interpreter prefixes outside /usr). */
  extraBinds: string[];
  /** Top-level entries that are symlinks into /usr on merged-usr systems (`/bin` -> `usr/bin`). */
  rootLinks: Array<{ target: string; link: string }>;
  /** Top-level library/binary dirs that are real directories here. */
  rootDirs: string[];
}

/** Paths rewardkit can be told to use instead of the ones it finds. */
export interface HostPaths {
  bwrap?: string;
  prlimit?: string;
  python?: string;
  javascript?: string;
}

function firstExisting(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Finds bwrap, prlimit and the interpreters; missing pieces are named in the returned `missing`. */
export function findHostLayout(paths: HostPaths, nodeExecPath: string): { layout?: HostLayout; missing: string[] } {
  const missing: string[] = [];
  const bwrap = paths.bwrap ?? firstExisting(['/usr/bin/bwrap', '/usr/local/bin/bwrap']);
  const prlimit = paths.prlimit ?? firstExisting(['/usr/bin/prlimit', '/bin/prlimit']);
  const bash = firstExisting(['/usr/bin/bash', '/bin/bash']);
  const unshare = firstExisting(['/usr/bin/unshare', '/bin/unshare']);
  const setpriv = firstExisting(['/usr/bin/setpriv', '/bin/setpriv']);
  const python = paths.python ?? firstExisting(['/usr/bin/python3', '/usr/local/bin/python3']);
  const javascript = paths.javascript ?? nodeExecPath;
  if (!bwrap) missing.push('bwrap (apt-get install bubblewrap)');
  if (!prlimit) missing.push('prlimit (util-linux)');
  if (!python) missing.push('python3');
  if (!bash) missing.push('bash');
  if (!bwrap || !prlimit || !python || !bash) return { missing };
  const interpreters = { python: realpathSync(python), javascript: realpathSync(javascript) };
  const extraBinds = new Set<string>();
  for (const bin of [...Object.values(interpreters), realpathSync(prlimit)]) {
    // An interpreter outside /usr is bound with its install prefix (…/bin/node -> …).
    if (!bin.startsWith('/usr/')) extraBinds.add(path.dirname(path.dirname(bin)));
  }
  const rootLinks: HostLayout['rootLinks'] = [];
  const rootDirs: string[] = [];
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) rootLinks.push({ target: readlinkSync(top), link: top });
    else rootDirs.push(top);
  }
  return {
    layout: {
      bwrap,
      prlimit: realpathSync(prlimit),
      bash,
      ...(unshare ? { unshare } : {}),
      ...(setpriv ? { setpriv } : {}),
      interpreters,
      extraBinds: [...extraBinds],
      rootLinks,
      rootDirs,
    },
    missing,
  };
}
