import { z } from 'zod';
import { checkImageUrl, MAX_IMAGE_BYTES } from './images.js';
import { nearest } from './suggest.js';
import type { Message, Sample } from './types.js';

const contentPart = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal('text'), text: z.string() }),
    z.looseObject({
      type: z.literal('image_url'),
      image_url: z.looseObject(
        {
          url: z.string({ error: 'expected the image URL as a string' }),
          detail: z.enum(['auto', 'low', 'high']).optional(),
        },
        { error: 'expected {url: "..."}' },
      ),
    }),
  ],
  { error: 'a content part has type "text" (with text) or "image_url" (with image_url.url)' },
);
const toolCall = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]) }),
});
export const messageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
  reasoning_content: z.union([z.string(), z.null()]).optional(),
  thinking: z.union([z.string(), z.null()]).optional(),
});

const text = z.union([z.string(), z.array(messageSchema)], {
  error: 'expected a string or a list of chat messages ({role, content})',
});

/** Runtime schema of a Sample, for hosts that accept samples from outside (CLI, server). */
export const sampleSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  prompt: text,
  response: text,
  reference: z.unknown().optional(),
  group: z.union([z.string(), z.number()]).optional(),
  steps: z.array(z.number()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const SAMPLE_FIELDS = new Set(Object.keys(sampleSchema.shape));
// Field names datasets commonly use for the reference.
const REFERENCE_ALIASES = ['answer', 'answers', 'solution', 'ground_truth', 'label', 'labels', 'gold', 'target'];
const received = new WeakMap<Sample, { fields: string[]; remap: (field: string) => string }>();

/** Records the fields a sample arrived with, so a missing reference can say which field was probably meant. */
export function noteFields(sample: Sample, fields: string[], remap: (field: string) => string): void {
  received.set(sample, { fields, remap });
}

/** `; the sample has fields prompt, response, answer: rename "answer" to "reference"`, or '' with no likely field. */
export function referenceHint(sample: Sample): string {
  const seen = received.get(sample);
  if (!seen) return '';
  const extra = seen.fields.filter((f) => !SAMPLE_FIELDS.has(f));
  const likely = extra.find((f) => REFERENCE_ALIASES.includes(f.toLowerCase())) ?? nearest('reference', extra, 1)[0];
  const has = `; the sample has fields ${seen.fields.join(', ')}`;
  return likely === undefined ? has : `${has}: ${seen.remap(likely)}`;
}

/** Deepest nesting of arrays and objects a sample may have; deeper ones are `invalid-sample` (a bound, so no reward or serialiser overflows its stack). */
export const MAX_SAMPLE_DEPTH = 64;

/** The path of the first value nested deeper than `max` (`reference.a[0]…`), or undefined; iterative, so any depth is safe. */
export function tooDeep(value: unknown, max = MAX_SAMPLE_DEPTH): string | undefined {
  if (max > 0 && flatObject(value)) return undefined; // the common sample: strings and numbers only
  const stack: Array<{ v: unknown; depth: number; path: string }> = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop() as { v: unknown; depth: number; path: string };
    if (depth >= max) return path;
    // Only containers are pushed: a long flat list costs no stack entries.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const child: unknown = v[i];
        if (child !== null && typeof child === 'object')
          stack.push({ v: child, depth: depth + 1, path: `${path}[${i}]` });
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const child = (v as Record<string, unknown>)[key];
        const at = path === '' ? key : `${path}.${key}`;
        if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1, path: at });
      }
    }
  }
  return undefined;
}

/** A plain object (not an array) none of whose values is an object or array. */
function flatObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object') return false;
  }
  return true;
}

type Issue = z.core.$ZodIssue;

/** Inside a union (string or messages), the issue of the branch that got furthest, so the error names the field. */
function innermost(issue: Issue | undefined): Issue | undefined {
  let at = issue;
  while (at?.code === 'invalid_union' && at.errors.length > 0) {
    const branches = at.errors.map((b) => b[0]).filter((b): b is Issue => b !== undefined);
    const best = branches.reduce<Issue | undefined>((a, b) => (a && a.path.length >= b.path.length ? a : b), undefined);
    if (!best || best.path.length === 0) break;
    at = { ...best, path: [...at.path, ...best.path] };
  }
  return at;
}

/** A host's reader of local image files: the file as a `data:` URL, or why it may not be read. */
export type ImageFileReader = (path: string) => { ok: true; url: string } | { ok: false; message: string };

export interface ParseSampleOptions {
  /** Largest decoded image (default MAX_IMAGE_BYTES, 10 MiB). */
  maxImageBytes?: number;
  /** Reads an image given as a file path into a data URL; without one, file paths are `invalid-sample`. */
  readImageFile?: ImageFileReader;
}

/**
 * Checks every image URL of the parsed sample and replaces file paths by the data URL the host's reader
 * returns; the error names the field (`prompt[0].content[1].image_url.url: ...`).
 */
function checkImages(sample: Sample, options: ParseSampleOptions): string | undefined {
  const maxBytes = options.maxImageBytes ?? MAX_IMAGE_BYTES;
  for (const from of ['prompt', 'response'] as const) {
    const turns = sample[from];
    if (typeof turns === 'string') continue;
    for (let i = 0; i < turns.length; i++) {
      const content = (turns[i] as Message).content;
      if (!Array.isArray(content)) continue;
      for (let j = 0; j < content.length; j++) {
        const part = content[j];
        if (part?.type !== 'image_url') continue;
        const where = `${from}[${i}].content[${j}].image_url.url`;
        const checked = checkImageUrl(part.image_url.url, maxBytes);
        if (!checked.ok) return `${where}: ${checked.message}`;
        if (checked.value.kind !== 'file') continue;
        if (!options.readImageFile) {
          return `${where}: a file path is read only where the host allows it (rewardkit score --image-root); send an http(s) or data:image/...;base64 URL`;
        }
        const read = options.readImageFile(checked.value.path);
        if (!read.ok) return `${where}: ${read.message}`;
        const inline = checkImageUrl(read.url, maxBytes);
        if (!inline.ok) return `${where}: ${checked.value.path}: ${inline.message}`;
        part.image_url.url = read.url;
      }
    }
  }
  return undefined;
}

const isKey = (x: unknown) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));

/**
 * What `sampleSchema` returns for a plain sample (a plain object; prompt and response strings; id and group absent,
 * a string or a finite number; no steps or metadata), without zod: most samples are plain. Anything else, even a
 * key present with the value undefined, is undefined here and goes to zod, so errors stay zod's.
 * test/sample-fast-path.test.ts checks it against sampleSchema over many inputs.
 */
function plainSample(value: unknown): Sample | undefined {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const v = value as Record<string, unknown>;
  const { id, prompt, response, reference, group } = v;
  if (typeof prompt !== 'string' || typeof response !== 'string' || 'steps' in v || 'metadata' in v) return undefined;
  // Keys in sampleSchema's order, as zod writes them.
  const out: Record<string, unknown> = {};
  if (id !== undefined) {
    if (!isKey(id)) return undefined;
    out.id = id;
  } else if ('id' in v) return undefined;
  out.prompt = prompt;
  out.response = response;
  if (reference !== undefined) out.reference = reference;
  else if ('reference' in v) return undefined;
  if (group !== undefined) {
    if (!isKey(group)) return undefined;
    out.group = group;
  } else if ('group' in v) return undefined;
  return out as unknown as Sample;
}

/**
 * Checks an untrusted value is a Sample; the error names the field (`response`, `steps[2]`,
 * `prompt[0].content[1].image_url.url`). Image URLs are checked (see `checkImageUrl`); file paths are inlined
 * as data URLs by `options.readImageFile`, or refused without one.
 */
export function parseSample(
  value: unknown,
  options: ParseSampleOptions = {},
): { ok: true; sample: Sample } | { ok: false; message: string } {
  const deepAt = tooDeep(value, MAX_SAMPLE_DEPTH + 1);
  if (deepAt !== undefined) {
    const where = deepAt.length > 120 ? `${deepAt.slice(0, 120)}…` : deepAt;
    return { ok: false, message: `${where}: nested more than ${MAX_SAMPLE_DEPTH} levels deep` };
  }
  const plain = plainSample(value);
  const parsed = plain ? { success: true as const, data: plain } : sampleSchema.safeParse(value);
  if (parsed.success) {
    const sample = parsed.data as Sample;
    // Only chat messages carry images.
    if (typeof sample.prompt !== 'string' || typeof sample.response !== 'string') {
      const imageError = checkImages(sample, options);
      if (imageError) return { ok: false, message: imageError };
    }
    for (const field in value as object) {
      if (!Object.hasOwn(value as object, field) || SAMPLE_FIELDS.has(field)) continue;
      noteFields(
        sample,
        Object.keys(value as object),
        (f) => `send "${f}" as "reference" (unknown fields are ignored)`,
      );
      break;
    }
    return { ok: true, sample };
  }
  const issue = innermost(parsed.error.issues[0]);
  const path = (issue?.path ?? []).map((p, i) =>
    typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`,
  );
  return { ok: false, message: `${path.join('') || 'sample'}: ${issue?.message ?? 'invalid'}` };
}
