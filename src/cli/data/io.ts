// Streaming rows in and out for the data commands: one JSONL line at a time, bad lines reported, never thrown away.
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { SkipReport } from '../../preference/index.js';

/** One input line: a JSON object, or why it is not one. */
export type InputRow = { line: number; row: Record<string, unknown> } | { line: number; error: string };

/** Parquet INT64 cells come back as BigInt: numbers where they fit exactly, so layouts see plain JSON values. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Rows of a Parquet file, one row group in memory at a time; `line` is the 1-based row number. */
async function* parquetRows(file: string): AsyncGenerator<InputRow> {
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new Error(`${file}: not a readable Parquet file (${(err as Error).message})`);
  }
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: end });
    for (const [i, row] of rows.entries()) yield { line: start + i + 1, row: plain(row) as Record<string, unknown> };
    start = end;
  }
}

/** Reads a JSONL file (or `-` for stdin) line by line, or a Parquet file (`.parquet`) row group by row group. */
export async function* readRows(file: string): AsyncGenerator<InputRow> {
  if (file.toLowerCase().endsWith('.parquet')) {
    yield* parquetRows(file);
    return;
  }
  const stream = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') resolve();
    stream.once('error', (err: Error) => reject(new Error(`${file}: cannot read it (${err.message})`)));
    stream.once('readable', () => resolve());
  });
  await opened;
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (err) {
      yield { line, error: `not valid JSON (${(err as Error).message})` };
      continue;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      yield { line, error: 'the line is not a JSON object' };
    else yield { line, row: row as Record<string, unknown> };
  }
}

/** A JSONL writer to a file or stdout that waits when the stream is full. */
export class RowWriter {
  readonly #out: Writable;
  readonly #own: boolean;
  constructor(path: string | undefined) {
    this.#own = path !== undefined && path !== '-';
    this.#out = this.#own ? createWriteStream(path as string) : process.stdout;
    // A reader that stops early (`| head`) closes the pipe: stop quietly rather than crash.
    if (!this.#own)
      process.stdout.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(0);
        throw err;
      });
  }

  async write(row: unknown): Promise<void> {
    if (!this.#out.write(`${JSON.stringify(row)}\n`)) await new Promise((r) => this.#out.once('drain', r));
  }

  async close(): Promise<void> {
    if (this.#own)
      await new Promise<void>((resolve, reject) =>
        this.#out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
  }
}

/** Reads rows, counting bad lines as skipped; the callback sees every good row. */
export async function eachRow(
  file: string,
  report: SkipReport,
  fn: (row: Record<string, unknown>, line: number) => Promise<void> | void,
): Promise<void> {
  for await (const r of readRows(file)) {
    report.read++;
    if ('error' in r) report.skip(r.line, r.error);
    else await fn(r.row, r.line);
  }
}

/** Prints the skip summary to stderr (and as JSON to `--report FILE`), plus any extra lines. */
export function finish(
  file: string,
  report: SkipReport,
  reportFile: string | undefined,
  extra: Record<string, unknown> = {},
  text: string[] = [],
): void {
  for (const l of [...report.lines(file), ...text]) process.stderr.write(`${l}\n`);
  if (reportFile) writeFileSync(reportFile, `${JSON.stringify({ ...report.toJSON(), ...extra }, null, 2)}\n`);
}

export { SkipReport };

/** Options every data command takes. */
export interface IoFlags {
  in: string;
  out?: string;
  report?: string;
}
