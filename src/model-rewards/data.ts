// Prompt templates, chat formats and follow-up lists are data files, validated here on first use.
import { z } from 'zod';
import chatFormatsJson from './data/chat-formats.json' with { type: 'json' };
import followUpsJson from './data/follow-ups.json' with { type: 'json' };
import criteriaJson from './data/g-eval-criteria.json' with { type: 'json' };
import promptsJson from './data/prompts.json' with { type: 'json' };

const pair = z.tuple([z.string(), z.string()]);
const chatFormat = z.strictObject({
  begin: z.string(),
  roles: z.strictObject({ system: pair, user: pair, assistant: pair }),
});
const prompt = z.strictObject({ system: z.string().min(1), user: z.string().min(1) });
const criterion = z.strictObject({ criterion: z.string().min(1), steps: z.array(z.string().min(1)).min(1) });
const followUps = z.strictObject({
  positive: z.array(z.string().min(1)).min(1),
  negative: z.array(z.string().min(1)).min(1),
});

export type ChatFormat = z.infer<typeof chatFormat>;
export type PromptTemplate = z.infer<typeof prompt>;

function lazy<T>(schema: z.ZodType<T>, value: unknown, file: string): () => T {
  let parsed: T | undefined;
  return () => {
    if (parsed === undefined) {
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(`${file}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
      parsed = r.data;
    }
    return parsed;
  };
}

export const CHAT_FORMAT_NAMES = ['chatml', 'llama3', 'plain'] as const;
export const G_EVAL_CRITERIA = ['coherence', 'consistency', 'fluency', 'relevance', 'helpfulness'] as const;
export const FOLLOW_UP_DIMENSIONS = [
  'understanding',
  'relevance',
  'correctness',
  'engagingness',
  'informativeness',
  'following',
] as const;

export const chatFormats = lazy(
  z.record(z.enum(CHAT_FORMAT_NAMES), chatFormat),
  chatFormatsJson,
  'data/chat-formats.json',
);
export const prompts = lazy(z.record(z.enum(['ordinal-rating', 'g-eval']), prompt), promptsJson, 'data/prompts.json');
export const gEvalCriteria = lazy(
  z.record(z.enum(G_EVAL_CRITERIA), criterion),
  criteriaJson,
  'data/g-eval-criteria.json',
);
export const followUpLists = lazy(
  z.record(z.enum(FOLLOW_UP_DIMENSIONS), followUps),
  followUpsJson,
  'data/follow-ups.json',
);
