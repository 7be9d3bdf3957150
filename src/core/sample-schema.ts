import { z } from 'zod';
import { nearest } from './suggest.js';
import type { Sample } from './types.js';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
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

/** Checks an untrusted value is a Sample; the error names the field (`response`, `steps[2]`). */
export function parseSample(value: unknown): { ok: true; sample: Sample } | { ok: false; message: string } {
  const deepAt = tooDeep(value, MAX_SAMPLE_DEPTH + 1);
  if (deepAt !== undefined) {
    const where = deepAt.length > 120 ? `${deepAt.slice(0, 120)}…` : deepAt;
    return { ok: false, message: `${where}: nested more than ${MAX_SAMPLE_DEPTH} levels deep` };
  }
  const parsed = sampleSchema.safeParse(value);
  if (parsed.success) {
    const sample = parsed.data as Sample;
    const fields = Object.keys(value as object);
    if (fields.some((f) => !SAMPLE_FIELDS.has(f))) {
      noteFields(sample, fields, (f) => `send "${f}" as "reference" (unknown fields are ignored)`);
    }
    return { ok: true, sample };
  }
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((p, i) =>
    typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`,
  );
  return { ok: false, message: `${path.join('') || 'sample'}: ${issue?.message ?? 'invalid'}` };
}
