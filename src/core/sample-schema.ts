import { z } from 'zod';
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

/** Checks an untrusted value is a Sample; the error names the field (`response`, `steps[2]`). */
export function parseSample(value: unknown): { ok: true; sample: Sample } | { ok: false; message: string } {
  const parsed = sampleSchema.safeParse(value);
  if (parsed.success) return { ok: true, sample: parsed.data as Sample };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((p, i) =>
    typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`,
  );
  return { ok: false, message: `${path.join('') || 'sample'}: ${issue?.message ?? 'invalid'}` };
}
