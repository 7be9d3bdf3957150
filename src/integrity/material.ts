// Attack material for the probe: master keys, grader notes, fillers and look-alikes, as data (validated
// here; the host reads the files and hands the parsed objects in).
import { z } from 'zod';

export const FAMILIES = [
  'master-keys',
  'non-finite',
  'truncated-opener',
  'think-only',
  'answer-stuffing',
  'format-only',
  'padding',
  'repetition',
  'lookalikes',
  'grader-address',
] as const;
export type Family = (typeof FAMILIES)[number];

export const materialSchema = z.strictObject({
  masterKeys: z.array(z.string()).min(1),
  graderNotes: z.array(z.string().min(1)).min(1),
  fillers: z.array(z.string().min(1)).min(1),
  homoglyphs: z.record(z.string().length(1), z.string().min(1)),
});
export type Material = z.infer<typeof materialSchema>;

/** The non-finite family's answers (data/math/non-finite-attacks.json). */
export const nonFiniteSchema = z.object({
  values: z.array(z.string().min(1)).min(1),
  structures: z.array(z.string().min(1)),
});
export type NonFinite = z.infer<typeof nonFiniteSchema>;

/** A user's additions (`--attacks FILE`): more strings, and optionally which families to run. */
export const userAttacksSchema = z.strictObject({
  families: z.array(z.enum(FAMILIES)).min(1).optional(),
  masterKeys: z.array(z.string()).optional(),
  graderNotes: z.array(z.string().min(1)).optional(),
  fillers: z.array(z.string().min(1)).optional(),
});
export type UserAttacks = z.infer<typeof userAttacksSchema>;

/** The shipped material with a user's strings added. */
export function withUserAttacks(base: Material, user: UserAttacks): Material {
  return {
    ...base,
    masterKeys: [...base.masterKeys, ...(user.masterKeys ?? [])],
    graderNotes: [...base.graderNotes, ...(user.graderNotes ?? [])],
    fillers: [...base.fillers, ...(user.fillers ?? [])],
  };
}

/** `--attacks a,b` → families, with a did-you-mean for an unknown name. */
export function parseFamilies(list: string): Family[] {
  return list.split(',').map((raw) => {
    const name = raw.trim();
    if ((FAMILIES as readonly string[]).includes(name)) return name as Family;
    const near = FAMILIES.filter((f) => f.startsWith(name.slice(0, 3)) || name.startsWith(f.slice(0, 3)));
    const hint = near.length ? ` (did you mean "${near[0]}"?)` : '';
    throw new Error(`--attacks: unknown attack family "${name}"${hint}; known: ${FAMILIES.join(', ')}`);
  });
}
