// The `head` reward kind: serves a head saved by `rewardkit train-head` (a JSON file of weights).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { backendsOf, callOptions } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { hashedNgrams } from './features/hashed-ngrams.js';
import { headInputText } from './features/input-text.js';
import { type Head, loadHead, outputsFor, rewardOf } from './head-model.js';

const params = z.strictObject({
  file: z.string().min(1).describe('path of the head JSON written by rewardkit train-head'),
  attributeWeights: z
    .record(z.string(), z.number())
    .optional()
    .describe('regression heads: reward = Σ weight·attribute (default: the first attribute)'),
  user: z.string().optional().describe('PAL heads: the user whose ideal point scores (default: the mean user)'),
});

// Heads are read once per process and path; a changed file needs a restart (like a spec).
const loaded = new Map<string, Head | Error>();

/** The head at `file`, read and checked once. */
export function headAt(file: string): Head | Error {
  let h = loaded.get(file);
  if (!h) {
    try {
      h = loadHead(JSON.parse(readFileSync(file, 'utf8')), file);
    } catch (err) {
      h = new Error(err instanceof SyntaxError ? `${file}: not valid JSON (${err.message})` : (err as Error).message);
    }
    loaded.set(file, h);
  }
  return h;
}

/**
 * A linear or small-MLP reward head on hashed n-grams or on an embeddings backend, trained by `rewardkit train-head`.
 * Example: `{kind: head, params: {file: heads/helpful.json}}`.
 */
export const headReward = defineReward({
  kind: 'head',
  description: 'Reward head trained by rewardkit train-head (linear/MLP on hashed n-grams or embeddings)',
  source: 'BT / scaled BT / OPRM / PAL heads (docs/preference.md)',
  params,
  capabilities: {
    needsReference: false,
    callsModel: false,
    stepLevel: false,
    groupLevel: false,
    pure: false,
    cost: 'cheap',
  },
  backendsOf: (p) => {
    const h = headAt(p.file);
    return !(h instanceof Error) && h.file.featuriser.type === 'embeddings' ? [h.file.featuriser.backend] : [];
  },
  async score(sample, p, _reference, ctx) {
    const head = headAt(p.file);
    if (head instanceof Error) return failed('invalid-spec', head.message);
    const text = headInputText(sample.prompt, sample.response, head.file.input);
    if (headInputText('', sample.response, 'response').trim() === '')
      return unscorable('empty-response', 'the response is empty');
    let user = -1;
    if (p.user !== undefined) {
      user = head.file.pal?.users.indexOf(p.user) ?? -1;
      if (user < 0) return failed('invalid-spec', `${p.file}: user "${p.user}" is not one of the head's users`);
    }
    const f = head.file.featuriser;
    let x: Float64Array;
    if (f.type === 'hashed-ngrams') x = hashedNgrams(text, f);
    else {
      const [row] = await backendsOf(ctx, f.backend).embed(f.backend, [text], callOptions(ctx));
      if (!row || row.length !== head.net.dim)
        return failed(
          'model-error',
          `embedding has ${row?.length ?? 0} dimensions; the head was trained on ${head.net.dim}`,
        );
      x = Float64Array.from(row);
    }
    const out = outputsFor(head, x);
    const read = { ...(p.attributeWeights ? { attributeWeights: p.attributeWeights } : {}), user };
    return scored(rewardOf(head, out, read), { objective: head.objective });
  },
});
