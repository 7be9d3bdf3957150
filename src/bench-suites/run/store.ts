// Scores already computed in an output folder: one JSON line per scored sample, appended as they come, so an
// interrupted run resumes where it stopped.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** What is kept of a reward result: enough to rebuild every benchmark number. */
export interface StoredResult {
  status: 'scored' | 'unscorable' | 'error';
  score?: number;
  steps?: number[];
  code?: string;
  message?: string;
}

export class ScoreStore {
  readonly #file: string;
  readonly #map = new Map<string, StoredResult>();

  /** Opens (or starts) `file`. A torn last line from an interrupted write is dropped; any other bad line is an error. */
  constructor(file: string) {
    this.#file = file;
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const { k, r } = JSON.parse(line) as { k: string; r: StoredResult };
        if (typeof k !== 'string' || !r || typeof r.status !== 'string') throw new Error('not a {k, r} record');
        this.#map.set(k, r);
      } catch (err) {
        const last = lines.slice(i + 1).every((l) => l.trim() === '');
        if (!last)
          throw new Error(
            `${file}:${i + 1}: not a score record (${(err as Error).message}); remove the folder to start over`,
          );
      }
    });
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): StoredResult | undefined {
    return this.#map.get(key);
  }

  /** Keeps `results` in memory and appends them to the file in one write. */
  putAll(entries: ReadonlyArray<[string, StoredResult]>): void {
    if (entries.length === 0) return;
    for (const [k, r] of entries) this.#map.set(k, r);
    appendFileSync(this.#file, entries.map(([k, r]) => `${JSON.stringify({ k, r })}\n`).join(''));
  }
}
