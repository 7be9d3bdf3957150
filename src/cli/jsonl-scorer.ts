import type { Readable, Writable } from 'node:stream';
import type { Runner } from '../core/runner.js';
import { noteFields, type ParseSampleOptions, parseSample } from '../core/sample-schema.js';
import type { CompiledNode } from '../core/spec.js';
import type { RewardResult, Sample } from '../core/types.js';
import { lineChunks } from './line-chunks.js';

/** Which input field holds each sample field (`--response-field completion`, ...). */
export interface FieldMap {
  id: string;
  prompt: string;
  response: string;
  reference: string;
  group: string;
  steps: string;
  metadata: string;
}

export const DEFAULT_FIELDS: FieldMap = {
  id: 'id',
  prompt: 'prompt',
  response: 'response',
  reference: 'reference',
  group: 'group',
  steps: 'steps',
  metadata: 'metadata',
};

export interface ScoreStreamOptions {
  runner: Runner;
  root: CompiledNode;
  fields?: Partial<FieldMap>;
  /** Samples scored together (default 256); a batch never splits a run of samples sharing a group. */
  batchSize?: number;
  onResult?: (result: RewardResult) => void;
  onProgress?: (lines: number) => void;
  /** How samples are parsed: the image size limit and the reader of image files (none: file paths are refused). */
  parse?: ParseSampleOptions;
}

/** One output line: the sample's id and line number, then the result. */
export type OutputLine = { id: string | number | null; line: number } & RewardResult;

type Parsed = { line: number; id: string | number | null; sample?: Sample; error?: RewardResult };

const FIELD_KEYS = Object.keys(DEFAULT_FIELDS) as Array<keyof FieldMap>;
/** Output bytes allowed to wait for the destination before scoring pauses. */
const OUTPUT_BUFFER = 1024 * 1024;

function parseLine(
  text: string,
  line: number,
  fields: FieldMap,
  defaultFields: boolean,
  closedGroups: Set<string>,
  options: ParseSampleOptions,
): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (text.trim() === '') return { line, id: null, error: invalid(`line ${line}: empty line`) };
    return { line, id: null, error: invalid(`line ${line}: not valid JSON (${(err as Error).message})`) };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { line, id: null, error: invalid(`line ${line}: expected a JSON object`) };
  }
  const obj = raw as Record<string, unknown>;
  const idValue = obj[fields.id];
  const id = typeof idValue === 'string' || typeof idValue === 'number' ? idValue : null;
  // With the default field names, a line holding only sample fields is its own sample (JSON has no undefined).
  let mapped: Record<string, unknown> = obj;
  if (!defaultFields || !onlySampleFields(obj)) {
    mapped = {};
    for (const key of FIELD_KEYS) {
      const value = obj[fields[key]];
      if (value !== undefined) mapped[key] = value;
    }
  }
  if (mapped.prompt === undefined)
    return { line, id, error: invalid(`line ${line}: missing field "${fields.prompt}"`) };
  if (mapped.response === undefined) {
    return { line, id, error: invalid(`line ${line}: missing field "${fields.response}"`) };
  }
  const parsed = parseSample(mapped, options);
  if (!parsed.ok) return { line, id, error: invalid(`line ${line}: ${parsed.message}`) };
  if (mapped.reference === undefined) noteFields(parsed.sample, Object.keys(obj), (f) => `use --reference-field ${f}`);
  const group = parsed.sample.group;
  if (group !== undefined && closedGroups.has(String(group))) {
    return {
      line,
      id,
      error: invalid(`line ${line}: group "${group}" is not contiguous (its earlier samples were already scored)`),
    };
  }
  return { line, id, sample: parsed.sample };
}

function onlySampleFields(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (!Object.hasOwn(DEFAULT_FIELDS, key)) return false;
  return true;
}

/** `{"id":…,"line":…` of an output line. */
function head(id: OutputLine['id'], line: number): string {
  // JSON.parse gives Infinity for 1e400, which JSON.stringify writes as null.
  const idJson = typeof id === 'number' && Number.isFinite(id) ? `${id}` : JSON.stringify(id);
  return `{"id":${idJson},"line":${line}`;
}

/** `JSON.stringify({ id, line, ...result })` from the result's own JSON (a result always has a status). */
function joinLine(id: OutputLine['id'], line: number, resultJson: string): string {
  return resultJson.length > 2 ? `${head(id, line)},${resultJson.slice(1)}` : `${head(id, line)}}`;
}

// Between two results in a batch's one JSON.stringify: a string of one NUL character, which JSON writes "\u0000".
const SEPARATOR = '\u0000';
const SEPARATOR_JSON = ',"\\u0000",';

/**
 * A batch's output lines, each `JSON.stringify({ id, line, ...result })`, from one JSON.stringify of the batch: a call
 * per line cost a quarter of `rewardkit score` (test/jsonl-output.test.ts holds it to the one-call-per-line text).
 * A result holding the separator itself (a NUL string in a list) splits into one part more, so the count tells, and
 * then each line is written alone.
 */
export function outputText(batch: ReadonlyArray<Pick<Parsed, 'id' | 'line'>>, results: RewardResult[]): string {
  const items: unknown[] = [];
  for (let i = 0; i < results.length; i++) {
    if (i > 0) items.push(SEPARATOR);
    items.push(results[i]);
  }
  const parts = JSON.stringify(items).slice(1, -1).split(SEPARATOR_JSON);
  const split = parts.length === results.length;
  let text = '';
  for (let i = 0; i < batch.length; i++) {
    const p = batch[i] as Pick<Parsed, 'id' | 'line'>;
    const json = split ? (parts[i] as string) : JSON.stringify(results[i]);
    text += `${joinLine(p.id, p.line, json)}\n`;
  }
  return text;
}

function invalid(message: string): RewardResult {
  return { status: 'error', code: 'invalid-sample', message };
}

/**
 * Scores a JSONL stream line by line and writes one JSON line per input line, in input order.
 * Memory stays flat: only one batch is held at a time. Bad lines become error lines; nothing is dropped.
 */
export async function scoreJsonl(input: Readable, output: Writable, options: ScoreStreamOptions): Promise<number> {
  const fields = { ...DEFAULT_FIELDS, ...options.fields };
  const defaultFields = FIELD_KEYS.every((key) => fields[key] === key);
  const batchSize = options.batchSize ?? 256;
  const closedGroups = new Set<string>();
  const parseOptions = options.parse ?? {};
  let batch: Parsed[] = [];
  let count = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const samples: Sample[] = [];
    for (const p of current) if (p.sample) samples.push(p.sample);
    // A trivial rule answers synchronously (the same results as `score`: test/runner-now.test.ts).
    const scored = options.runner.scoreNow(options.root, samples);
    const scoredResults = scored instanceof Promise ? await scored : scored;
    const results: RewardResult[] = [];
    let next = 0;
    for (const p of current) {
      const result = p.sample ? (scoredResults[next++] as RewardResult) : (p.error as RewardResult);
      const group = p.sample?.group;
      if (group !== undefined) closedGroups.add(String(group));
      options.onResult?.(result);
      results.push(result);
    }
    count += current.length;
    // Up to OUTPUT_BUFFER bytes may wait for the file (a batch is bigger than a stream's 16 KB high-water mark,
    // so waiting on every full buffer left the thread idle while each write landed).
    if (!output.write(outputText(current, results)) && output.writableLength >= OUTPUT_BUFFER) {
      await new Promise<void>((resolve) => output.once('drain', resolve));
    }
    options.onProgress?.(count);
  };

  let lineNo = 0;
  for await (const lines of lineChunks(input)) {
    for (const line of lines) {
      lineNo++;
      // A UTF-8 byte order mark before line 1 is not part of its JSON.
      const text = lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      const parsed = parseLine(text, lineNo, fields, defaultFields, closedGroups, parseOptions);
      if (batch.length >= batchSize) {
        const last = batch.at(-1);
        const sameGroup =
          last?.sample?.group !== undefined &&
          parsed.sample?.group !== undefined &&
          String(last.sample.group) === String(parsed.sample.group);
        if (!sameGroup) await flush();
      }
      batch.push(parsed);
    }
  }
  await flush();
  return count;
}
