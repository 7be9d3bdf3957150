// Grouping the samples of a batch by `group` id, and the frame every group-level node shares.
import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../compose/children.js';
import { type CompositeDefinition, defineComposite, type NodeHandle } from '../core/define.js';
import { failed, unscorable } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';
import { only, SHAPING, shaped } from './node.js';

export const GROUP_CAPS = { ...SHAPING, groupLevel: true };

/** Batch indices per group id (compared as strings, as the CLI batches them: 1 and "1" are one group). */
export function groupIndices(samples: readonly Sample[]): { groups: Map<string, number[]>; ungrouped: number[] } {
  const groups = new Map<string, number[]>();
  const ungrouped: number[] = [];
  samples.forEach((s, i) => {
    if (s.group === undefined || s.group === null || s.group === '') {
      ungrouped.push(i);
      return;
    }
    const key = String(s.group);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  return { groups, ungrouped };
}

export const NO_GROUP = (kind: string) =>
  unscorable('no-group', `${kind} compares the rollouts of one prompt: the sample needs a "group" id`);

/** Group-size params every group node accepts. */
export const groupSizeParams = {
  groupSize: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('expected rollouts per group; a group of another size in the batch is reported, not normalised'),
};

/** Checks a group's size; returns the failure for its members, or undefined when it may be normalised. */
export function sizeProblem(
  kind: string,
  total: number,
  usable: number,
  minimum: number,
  expected: number | undefined,
): RewardResult | undefined {
  if (expected !== undefined && total !== expected) {
    return unscorable(
      'group-too-small',
      `${kind}: the batch holds ${total} rollouts of this group, expected ${expected} (keep a group in one batch)`,
    );
  }
  if (usable < minimum) {
    return unscorable(
      'group-too-small',
      `${kind}: needs at least ${minimum} scored rollouts of the prompt in the batch, got ${usable}`,
    );
  }
  return undefined;
}

/**
 * Declares a node that maps the scores of one group (all scored rollouts of a prompt in the batch) to
 * new scores. Members whose child failed keep that failure; the rest are normalised among themselves.
 */
export function defineGroupNode<P extends { groupSize?: number | undefined }>(def: {
  kind: string;
  description: string;
  source: string;
  params: z.ZodType<P>;
  minimum?: number;
  map: (
    scores: number[],
    p: P,
  ) => { values: number[]; details?: Array<Record<string, unknown>> | Record<string, unknown> };
}): CompositeDefinition<P> {
  return defineComposite<P>({
    kind: def.kind,
    description: def.description,
    source: def.source,
    params: def.params,
    capabilities: GROUP_CAPS,
    slots: { reward: 'one' },
    async run(samples, children, p) {
      const child = only(children, 'reward');
      const usable = (row: RewardResult[]) => blockingChild([child], row);
      return grouped(def.kind, samples, [child], usable, def.minimum ?? 2, p.groupSize, (members, rows, out, key) => {
        const scores = members.map((i) => rows[i]?.[0]?.score as number);
        const { values, details } = def.map(scores, p);
        members.forEach((i, j) => {
          const extra = Array.isArray(details) ? details[j] : details;
          out[i] = shaped(values[j] as number, { input: scores[j], group: key, size: members.length, ...extra });
        });
      });
    },
  });
}

/** Runs slots on the batch and calls `each` per group with the members whose inputs are all usable. */
export async function grouped(
  kind: string,
  samples: readonly Sample[],
  children: readonly NodeHandle[],
  usable: (results: RewardResult[]) => RewardResult | undefined,
  minimum: number,
  groupSize: number | undefined,
  each: (members: number[], rows: RewardResult[][], out: RewardResult[], group: string) => void,
): Promise<RewardResult[]> {
  const rows = perSample(await runChildren(children, samples), samples.length);
  const out: RewardResult[] = rows.map((row) => usable(row) ?? failed('internal', 'not yet computed'));
  const { groups, ungrouped } = groupIndices(samples);
  for (const i of ungrouped) if (usable(rows[i] as RewardResult[]) === undefined) out[i] = NO_GROUP(kind);
  for (const [key, members] of groups) {
    const ok = members.filter((i) => usable(rows[i] as RewardResult[]) === undefined);
    const problem = sizeProblem(kind, members.length, ok.length, minimum, groupSize);
    if (problem) for (const i of ok) out[i] = problem;
    else each(ok, rows, out, key);
  }
  return out;
}
