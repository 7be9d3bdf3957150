// Every row a data command does not pass on is counted here with its reason: nothing is dropped silently.

/** Rows read, written and skipped (by reason, with the first few line numbers of each). */
export class SkipReport {
  read = 0;
  written = 0;
  readonly #byReason = new Map<string, { count: number; lines: number[] }>();

  skip(line: number, reason: string): void {
    const e = this.#byReason.get(reason) ?? { count: 0, lines: [] };
    e.count++;
    if (e.lines.length < 5) e.lines.push(line);
    this.#byReason.set(reason, e);
  }

  get skipped(): number {
    let n = 0;
    for (const e of this.#byReason.values()) n += e.count;
    return n;
  }

  toJSON(): {
    read: number;
    written: number;
    skipped: number;
    reasons: Array<{ reason: string; count: number; lines: number[] }>;
  } {
    const reasons = [...this.#byReason].map(([reason, e]) => ({ reason, ...e })).sort((a, b) => b.count - a.count);
    return { read: this.read, written: this.written, skipped: this.skipped, reasons };
  }

  /** Human summary lines for stderr. */
  lines(file: string): string[] {
    const out = [`${file}: read ${this.read} rows, wrote ${this.written}, skipped ${this.skipped}`];
    for (const r of this.toJSON().reasons)
      out.push(
        `  skipped ${r.count}: ${r.reason} (lines ${r.lines.join(', ')}${r.count > r.lines.length ? ', …' : ''})`,
      );
    return out;
  }
}
