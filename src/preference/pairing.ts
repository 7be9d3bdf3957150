// Pairs from single-item pass/fail labels (SoliReward, arXiv 2512.22170): pass ≻ fail are wins, pass/pass are ties.

/** A labelled response as `data pair` reads it. */
export interface LabelledItem {
  line: number;
  prompt: unknown;
  response: unknown;
  pass: boolean;
  extra: Record<string, unknown>;
}

export interface BuiltPair {
  chosen: LabelledItem;
  rejected: LabelledItem;
  tie: boolean;
}

/** Reads a label as pass/fail: booleans, 1/0, or the words pass/fail, yes/no, true/false, good/bad. */
export function readLabel(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['pass', 'yes', 'true', 'good', '1'].includes(s)) return true;
    if (['fail', 'no', 'false', 'bad', '0'].includes(s)) return false;
  }
  return undefined;
}

/**
 * Every pass × fail pair of one prompt's items (wins) and, with `ties`, every pass × pass pair (ties);
 * `failTies` also pairs fail × fail as ties. `maxPerPrompt` keeps the first pairs in a seeded order.
 */
export function pairsOfPrompt(
  items: readonly LabelledItem[],
  o: { ties: boolean; failTies: boolean; maxPerPrompt: number; rand: () => number },
): BuiltPair[] {
  const pass = items.filter((i) => i.pass);
  const fail = items.filter((i) => !i.pass);
  const out: BuiltPair[] = [];
  for (const c of pass) for (const r of fail) out.push({ chosen: c, rejected: r, tie: false });
  const tiesOf = (group: LabelledItem[]) => {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++)
        out.push({ chosen: group[i] as LabelledItem, rejected: group[j] as LabelledItem, tie: true });
  };
  if (o.ties) tiesOf(pass);
  if (o.failTies) tiesOf(fail);
  if (out.length <= o.maxPerPrompt) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(o.rand() * (i + 1));
    [out[i], out[j]] = [out[j] as BuiltPair, out[i] as BuiltPair];
  }
  return out.slice(0, o.maxPerPrompt);
}

/**
 * Cross-prompt pairing: each pass item meets up to `perItem` fail items of other prompts (wins) and, with `ties`,
 * up to `perItem` pass items of other prompts (ties), drawn with the seeded `rand`. Each side keeps its own prompt.
 */
export function crossPromptPairs(
  items: readonly LabelledItem[],
  o: { ties: boolean; perItem: number; rand: () => number },
): BuiltPair[] {
  const key = (i: LabelledItem) => JSON.stringify(i.prompt);
  const pass = items.filter((i) => i.pass);
  const fail = items.filter((i) => !i.pass);
  const out: BuiltPair[] = [];
  const draw = (from: readonly LabelledItem[], c: LabelledItem, tie: boolean) => {
    const others = from.filter((r) => key(r) !== key(c) && (!tie || r.line > c.line));
    for (let k = 0; k < Math.min(o.perItem, others.length); k++) {
      const j = k + Math.floor(o.rand() * (others.length - k));
      [others[k], others[j]] = [others[j] as LabelledItem, others[k] as LabelledItem];
      out.push({ chosen: c, rejected: others[k] as LabelledItem, tie });
    }
  };
  for (const c of pass) draw(fail, c, false);
  if (o.ties) for (const c of pass) draw(pass, c, true);
  return out;
}
