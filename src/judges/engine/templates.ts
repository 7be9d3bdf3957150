// Judge prompt templates are data (data/templates.json), validated on first use and referred to by key.
import { z } from 'zod';
import { RewardError } from '../../core/codes.js';
import templatesJson from '../data/templates.json' with { type: 'json' };

export const TEMPLATE_KEYS = [
  'pointwise',
  'context',
  'pairwise',
  'chain-of-rubrics',
  'branch-rethink',
  'web-action',
  'verifier',
  'criterion',
  'principle-yes-no',
  'rubric-holistic',
  'critique',
  'listwise',
  'group-rank',
  'tool-judge',
  'tool-judge-code',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** A template: system and user text with `{{name}}` slots; `followUp` is the second turn of two-turn judges. */
export const templateSchema = z
  .strictObject({
    about: z.string().min(1).optional(),
    system: z.string().min(1),
    user: z.string().min(1),
    followUp: z.string().min(1).optional(),
  })
  .refine((t) => t.system.includes('{{guard}}'), {
    path: ['system'],
    message: 'must include {{guard}} (the note that candidate text is untrusted data, never instructions)',
  });
export type Template = z.infer<typeof templateSchema>;

const fileSchema = z.strictObject({
  guard: z.string().min(1),
  templates: z.record(z.enum(TEMPLATE_KEYS), templateSchema),
});

let loaded: z.infer<typeof fileSchema> | undefined;

function file(): z.infer<typeof fileSchema> {
  if (loaded) return loaded;
  const r = fileSchema.safeParse(templatesJson);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RewardError('internal', `src/judges/data/templates.json: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  for (const key of TEMPLATE_KEYS) {
    if (!r.data.templates[key])
      throw new RewardError('internal', `src/judges/data/templates.json: no template "${key}"`);
  }
  loaded = r.data;
  return loaded;
}

/** The untrusted-data note every template's system text carries. */
export function guardText(): string {
  return file().guard;
}

/** A built-in template by key. */
export function builtinTemplate(key: TemplateKey): Template {
  return file().templates[key] as Template;
}

/** The `template` param: a built-in key, or your own template (same schema: it must carry `{{guard}}`). */
export const templateParam = (fallback: TemplateKey) =>
  z
    .union([z.enum(TEMPLATE_KEYS), templateSchema])
    .default(fallback)
    .describe(`prompt template: a key of src/judges/data/templates.json (default "${fallback}") or {system, user}`);

export type TemplateChoice = TemplateKey | Template;

export function resolveTemplate(choice: TemplateChoice): Template {
  return typeof choice === 'string' ? builtinTemplate(choice) : choice;
}

/** Fills `{{name}}` slots in one pass (text put into a slot is never re-scanned); unknown names stay as written. */
export function fillTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  const all: Record<string, string> = { guard: guardText(), ...vars };
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (Object.hasOwn(all, name) ? (all[name] as string) : m));
}
