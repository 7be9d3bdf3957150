// Hardening applied before any judge call: <think> drafts removed, candidate text fenced as untrusted data,
// and responses with nothing to grade (master keys) settled without asking the judge.
import keysJson from '../data/master-keys.json' with { type: 'json' };

/**
 * The text after any reasoning draft: `<think>…</think>` blocks removed; an unclosed `<think>` means the rest
 * is draft (nothing final); a lone `</think>` (templates that open the tag in the prompt) ends the draft.
 */
export function withoutThink(text: string): string {
  let out = text.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, '');
  const close = out.search(/<\/think(?:ing)?>/i);
  if (close >= 0 && !/<think(?:ing)?>/i.test(out.slice(0, close))) {
    const m = /<\/think(?:ing)?>/gi;
    let last = 0;
    for (let hit = m.exec(out); hit; hit = m.exec(out)) last = hit.index + hit[0].length;
    out = out.slice(last);
  }
  const open = out.search(/<think(?:ing)?>/i);
  if (open >= 0) out = out.slice(0, open);
  return out.trim();
}

/** Candidate text made safe to place inside `<tag>…</tag>`: any opening or closing tag of that name is broken. */
export function untrusted(text: string, tags: readonly string[] = ['response', 'candidate', 'action']): string {
  let out = text;
  for (const tag of tags) out = out.replace(new RegExp(`<(\\s*/?\\s*)(${tag})`, 'gi'), '<\u200b$1$2');
  return out;
}

const OPENERS = new Set((keysJson.openers as string[]).map((k) => normalizeKey(k)));

function normalizeKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '') // zero-width and other invisible format characters
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .trim();
}

/**
 * Why a response has nothing to grade, or undefined when it has content: `empty`, `punctuation` (symbols and
 * spaces only) or `opener` (a reasoning opener or a "solution" word in some language, and nothing else).
 * One Token to Fool LLM-as-a-Judge (Zhao et al. 2025, arXiv 2507.08794) lists the keys this catches.
 */
export function masterKey(text: string): 'empty' | 'punctuation' | 'opener' | undefined {
  if (text.replace(/\p{Cf}/gu, '').trim() === '') return 'empty';
  const key = normalizeKey(text);
  if (key === '') return 'punctuation';
  if (OPENERS.has(key)) return 'opener';
  return undefined;
}
