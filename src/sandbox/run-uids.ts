import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** First host uid given to sandboxed runs when rewardkit runs as root; each concurrent run gets its own. */
export const RUN_UID_BASE = 1_500_000;
/** How many uids runs rotate through. */
export const RUN_UID_COUNT = 4096;

/** uids that still own kernel keys (`/proc/key-users`): keys outlive a run by seconds, so such a uid is not reused yet. */
function uidsWithKeys(): Set<number> {
  const out = new Set<number>();
  try {
    for (const line of readFileSync('/proc/key-users', 'utf8').split('\n')) {
      const m = /^\s*(\d+):/.exec(line);
      if (m) out.add(Number(m[1]));
    }
  } catch {}
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hands out host uids, one per run in flight, across threads and processes on this host (a lock
 * file per uid, holding the owner's pid). A uid is reused only once its run ended and the kernel
 * dropped its keys, so no run can see another's keys, processes or files by uid.
 */
export class RunUids {
  readonly #dir: string;
  #next: number;

  constructor(dir = path.join(tmpdir(), 'rewardkit-run-uids')) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#next = Math.floor(Math.random() * RUN_UID_COUNT);
  }

  /** A uid no other run holds; release it when the run has ended. */
  acquire(): number {
    const withKeys = uidsWithKeys();
    for (let tried = 0; tried < RUN_UID_COUNT; tried++) {
      const uid = RUN_UID_BASE + (this.#next++ % RUN_UID_COUNT);
      if (withKeys.has(uid)) continue;
      if (this.#lock(uid)) return uid;
    }
    throw new Error(`all ${RUN_UID_COUNT} sandbox uids are in use or still own kernel keys`);
  }

  release(uid: number): void {
    try {
      unlinkSync(this.#file(uid));
    } catch {}
  }

  #file(uid: number): string {
    return path.join(this.#dir, `${uid}`);
  }

  #lock(uid: number): boolean {
    const file = this.#file(uid);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, `${process.pid}`);
        closeSync(fd);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // A lock whose process is gone was left by a crash: take it over once.
        const owner = Number(readFileSync(file, 'utf8').trim() || 'NaN');
        if (Number.isNaN(owner) || owner === process.pid || alive(owner)) return false;
        try {
          unlinkSync(file);
        } catch {}
      }
    }
    return false;
  }
}
