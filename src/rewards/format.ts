import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { compileRegex, regexFlagsParam, regexProblem } from './safe-regex.js';

const tagName = z.string().regex(/^[A-Za-z][\w.:-]*$/, 'expected a tag name such as "think"');
const tagSpec = z.union([tagName, z.object({ name: tagName, weight: z.number().min(0).default(1) })]);

const params = z
  .object({
    mode: z
      .enum(['strict', 'lenient', 'tags', 'regex'])
      .default('strict')
      .describe(
        'strict: only the tag blocks, in order, once each; lenient: blocks in order, other text allowed; ' +
          'tags: weighted credit per present block; regex: the response matches `pattern`',
      ),
    tags: z.array(tagSpec).min(1).default(['think', 'answer']).describe('tag blocks, in order; weights for mode=tags'),
    allowEmpty: z.boolean().default(false).describe('count a block with only whitespace inside as present'),
    prefix: z
      .string()
      .default('')
      .describe('text the prompt already prefilled (e.g. "<think>\\n"), prepended unless the response repeats it'),
    pattern: z.string().min(1).optional().describe('mode=regex: RE2 pattern'),
    flags: regexFlagsParam,
    fullmatch: z.boolean().default(true).describe('mode=regex: the pattern must match the whole (trimmed) response'),
  })
  .superRefine((p, ctx) => {
    if (p.mode === 'regex' && p.pattern === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'mode "regex" needs params.pattern' });
    }
    if (p.pattern !== undefined) {
      const problem = regexProblem(p.pattern, p.flags);
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    }
    const names = p.tags.map((t) => (typeof t === 'string' ? t : t.name));
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', path: ['tags'], message: 'tag names must not repeat' });
    }
    if (p.mode === 'tags' && p.tags.every((t) => typeof t !== 'string' && t.weight === 0)) {
      ctx.addIssue({ code: 'custom', path: ['tags'], message: 'at least one tag needs a positive weight' });
    }
  });
type Params = z.infer<typeof params>;

interface Block {
  start: number;
  end: number;
  content: string;
}

/** The first `<tag>...</tag>` block starting at or after `from`, or null. */
function blockAfter(text: string, tag: string, from: number): Block | null {
  const open = `<${tag}>`;
  const start = text.indexOf(open, from);
  if (start < 0) return null;
  const close = text.indexOf(`</${tag}>`, start + open.length);
  if (close < 0) return null;
  return { start, end: close + tag.length + 3, content: text.slice(start + open.length, close) };
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Why `text` is not exactly the tag blocks in order (whitespace between them allowed), or null when it is. */
function strictProblem(text: string, names: string[], allowEmpty: boolean): string | null {
  for (const tag of names) {
    const counts = [occurrences(text, `<${tag}>`), occurrences(text, `</${tag}>`)];
    if (counts.includes(0)) return `<${tag}> block missing`;
    if (counts.some((n) => n > 1)) return `<${tag}> or </${tag}> appears more than once`;
  }
  const starts = names.map((tag) => text.indexOf(`<${tag}>`));
  if (starts.some((at, i) => i > 0 && at < (starts[i - 1] as number))) return 'blocks out of order';
  let pos = 0;
  for (const tag of names) {
    const block = blockAfter(text, tag, pos);
    if (!block) return `<${tag}> block missing or out of order`;
    if (text.slice(pos, block.start).trim() !== '') return `text outside the tags before <${tag}>`;
    if (!allowEmpty && block.content.trim() === '') return `<${tag}> is empty`;
    pos = block.end;
  }
  return text.slice(pos).trim() === '' ? null : `text after </${names.at(-1)}>`;
}

/** Whether the blocks appear in this order (other text allowed), each non-empty unless allowed. */
function inOrder(text: string, names: string[], allowEmpty: boolean): boolean {
  let pos = 0;
  for (const tag of names) {
    let block = blockAfter(text, tag, pos);
    while (block && !allowEmpty && block.content.trim() === '') block = blockAfter(text, tag, block.start + 1);
    if (!block) return false;
    pos = block.end;
  }
  return true;
}

function present(text: string, tag: string, allowEmpty: boolean): boolean {
  for (let b = blockAfter(text, tag, 0); b; b = blockAfter(text, tag, b.start + 1)) {
    if (allowEmpty || b.content.trim() !== '') return true;
  }
  return false;
}

function withPrefix(text: string, p: Params): string {
  return p.prefix && !text.trimStart().startsWith(p.prefix.trim()) ? p.prefix + text : text;
}

// DeepSeek-R1 (arXiv 2501.12948) format reward: 1 when the output is <think>...</think><answer>...</answer>.
/** Format reward: R1-style tag blocks (strict or lenient), weighted credit per present tag, or any RE2 regex. */
export const format = defineReward({
  kind: 'format',
  description: 'Response format: R1 <think>/<answer> blocks (strict/lenient), partial credit per tag, or a regex',
  source: 'DeepSeek-R1 format reward (arXiv 2501.12948); per-tag partial credit after verifiers XMLParser',
  params,
  capabilities: { ...RULE, bounds: [0, 1] },
  score(sample, p) {
    const text = withPrefix(responseText(sample), p).trim();
    const names = p.tags.map((t) => (typeof t === 'string' ? t : t.name));
    const found = names.filter((tag) => present(text, tag, p.allowEmpty));
    const missing = names.filter((tag) => !found.includes(tag));
    if (p.mode === 'regex') {
      const re = compileRegex(p.pattern as string, p.flags);
      const ok = p.fullmatch ? re.testExact(text) : re.test(text);
      return scored(ok ? 1 : 0, { found, missing });
    }
    if (p.mode === 'tags') {
      const weights = p.tags.map((t) => (typeof t === 'string' ? 1 : t.weight));
      const total = weights.reduce((a, w) => a + w, 0);
      const got = names.reduce((a, tag, i) => a + (found.includes(tag) ? (weights[i] as number) : 0), 0);
      return scored(got / total, { found, missing });
    }
    if (p.mode === 'lenient') {
      const ok = inOrder(text, names, p.allowEmpty);
      return scored(ok ? 1 : 0, ok ? { found, missing } : { found, missing, reason: 'blocks missing or out of order' });
    }
    const problem = strictProblem(text, names, p.allowEmpty);
    return scored(problem ? 0 : 1, problem ? { found, missing, reason: problem } : { found, missing });
  },
});
