// Judge templates of the agent rewards: data (../data/templates.json), validated on first use, picked by key.
import { z } from 'zod';
import { RewardError } from '../../core/codes.js';
import { type Template, templateSchema } from '../../judges/engine/templates.js';
import templatesJson from '../data/templates.json' with { type: 'json' };

export const AGENT_TEMPLATE_KEYS = [
  'sentence-faithfulness',
  'oni-annotation',
  'ppr-step',
  'slate-step',
  'webrl-outcome',
  'passage-relevance',
  'drm-dimensions',
  'carr-identify',
  'carr-support',
] as const;
export type AgentTemplateKey = (typeof AGENT_TEMPLATE_KEYS)[number];

let loaded: Record<AgentTemplateKey, Template> | undefined;

/** A built-in agent-reward template by key. */
export function agentTemplate(key: AgentTemplateKey): Template {
  if (!loaded) {
    const r = z.record(z.enum(AGENT_TEMPLATE_KEYS), templateSchema).safeParse(templatesJson);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new RewardError(
        'internal',
        `src/agent-rewards/data/templates.json: ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    loaded = r.data as Record<AgentTemplateKey, Template>;
  }
  const t = loaded[key];
  if (!t) throw new RewardError('internal', `src/agent-rewards/data/templates.json: no template "${key}"`);
  return t;
}

/** The `template` param of an agent judge: a key of data/templates.json or your own {system, user}. */
export const agentTemplateParam = (fallback: AgentTemplateKey) =>
  z
    .union([z.enum(AGENT_TEMPLATE_KEYS), templateSchema])
    .default(fallback)
    .describe(
      `prompt template: a key of src/agent-rewards/data/templates.json (default "${fallback}") or {system, user}`,
    );

export const resolveAgentTemplate = (choice: AgentTemplateKey | Template): Template =>
  typeof choice === 'string' ? agentTemplate(choice) : choice;
