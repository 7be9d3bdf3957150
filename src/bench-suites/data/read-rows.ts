// Benchmark rows from JSONL, JSON (an array, as RMB ships) or Parquet (as the Hugging Face hub serves), file or folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';

/** One row and where it came from (`file:line` for JSONL, `file row N` otherwise), for error messages. */
export interface SourcedRow {
  where: string;
  /** The file the row came from, for suites that read a subset from the file name. */
  file: string;
  row: Record<string, unknown>;
}

const EXTENSIONS = ['.jsonl', '.json', '.parquet'];

/** Codecs beyond hyparquet's own (snappy, uncompressed) that Node's zlib decodes; zstd and lz4 are not among them. */
const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
};

/** Files of a path: itself, or every benchmark file under a folder (recursively, sorted). */
export function dataFiles(path: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new Error(`${path}: cannot read it (${(err as Error).message})`);
  }
  if (!stat.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) out.push(...dataFiles(full));
    else if (EXTENSIONS.includes(extname(name).toLowerCase())) out.push(full);
  }
  if (out.length === 0) throw new Error(`${path}: no .jsonl, .json or .parquet files in this folder`);
  return out;
}

/** Parquet INT64 columns come back as BigInt: numbers where they fit exactly, so layouts see plain JSON values. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function objectRow(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where}: each row must be a JSON object`);
  return value as Record<string, unknown>;
}

async function readFile(file: string): Promise<SourcedRow[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.parquet') {
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors: COMPRESSORS });
    } catch (err) {
      throw new Error(`${file}: not a readable Parquet file (${(err as Error).message})`);
    }
    return rows.map((row, i) => ({ where: `${file} row ${i + 1}`, file, row: plain(row) as Record<string, unknown> }));
  }
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(value)) throw new Error(`${file}: a .json benchmark file must hold an array of rows`);
    return value.map((row, i) => ({
      where: `${file} row ${i + 1}`,
      file,
      row: objectRow(row, `${file} row ${i + 1}`),
    }));
  }
  const out: SourcedRow[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
    }
    out.push({ where, file, row: objectRow(value, where) });
  });
  return out;
}

/** Every row of every data file under `path`, in file then row order. */
export async function readRows(path: string): Promise<SourcedRow[]> {
  const out: SourcedRow[] = [];
  for (const file of dataFiles(path)) out.push(...(await readFile(file)));
  return out;
}
