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

/** Schema of a `code` reference: `{tests: [{stdin, stdout}]}`, `{assert: code}`, `{inputs, outputs}`, or any of these as a JSON string. */
export const codeReference: z.ZodType<CodeTests, unknown> = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  z.union([
    testsShape.transform((v): CodeTests => ({ type: 'io', cases: v.tests })),
    assertShape.transform((v): CodeTests => ({ type: 'assert', code: v.assert })),
    appsShape.transform(
      (v): CodeTests => ({ type: 'io', cases: v.outputs.map((stdout, i) => ({ stdin: v.inputs[i] ?? '', stdout })) }),
    ),
  ]),
);

/** Output as judged: trailing whitespace of every line and trailing blank lines removed. */
export function normalizeOutput(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
