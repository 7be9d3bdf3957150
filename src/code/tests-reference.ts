import { z } from 'zod';

const testCase = z.object({ stdin: z.string().default(''), stdout: z.string() });

const testsShape = z.object({ tests: z.array(testCase).min(1, 'expected at least one test case') });
const assertShape = z.object({ assert: z.string().min(1, 'expected assertion code') });
// APPS / verl prime_code keep cases as parallel lists.
const appsShape = z
  .object({ inputs: z.array(z.string()), outputs: z.array(z.string()).min(1) })
  .refine((v) => v.inputs.length === v.outputs.length, 'inputs and outputs must have the same length');

/** The test cases of a `code` sample, normalised: stdin/stdout cases or one assertion block. */
export type CodeTests =
  | { type: 'io'; cases: Array<{ stdin: string; stdout: string }> }
  | { type: 'assert'; code: string };

const SHAPES =
  'expected {"tests": [{"stdin", "stdout"}, ...]}, {"assert": "<test code>"} or {"inputs": [...], "outputs": [...]} (or one of them as JSON text)';

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' ? 'text that is not JSON' : String(value);
  const keys = Object.keys(value);
  return keys.length ? `an object with ${keys.map((k) => `"${k}"`).join(', ')}` : 'an empty object';
}

/** Schema of a `code` reference: `{tests: [{stdin, stdout}]}`, `{assert: code}`, `{inputs, outputs}`, or any of these as a JSON string. */
export const codeReference: z.ZodType<CodeTests, unknown> = z.unknown().transform((raw, ctx): CodeTests => {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      // not JSON: reported below with the accepted shapes
    }
  }
  // The shape is chosen by its key, so the error speaks about that shape's fields.
  const has = (key: string) => value !== null && typeof value === 'object' && !Array.isArray(value) && key in value;
  const shape = has('tests')
    ? testsShape
    : has('assert')
      ? assertShape
      : has('inputs') || has('outputs')
        ? appsShape
        : null;
  if (shape === null) {
    ctx.addIssue({ code: 'custom', message: `${SHAPES}; got ${describe(value)}` });
    return z.NEVER;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  const v = parsed.data as Record<string, unknown>;
  if (shape === testsShape) return { type: 'io', cases: (v as z.infer<typeof testsShape>).tests };
  if (shape === assertShape) return { type: 'assert', code: (v as z.infer<typeof assertShape>).assert };
  const apps = v as z.infer<typeof appsShape>;
  return { type: 'io', cases: apps.outputs.map((stdout, i) => ({ stdin: apps.inputs[i] ?? '', stdout })) };
});

/** Output as judged: trailing whitespace of every line and trailing blank lines removed. */
export function normalizeOutput(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
