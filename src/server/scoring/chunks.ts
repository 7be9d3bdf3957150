import type { Sample } from '../../core/types.js';

/**
 * Splits sample indices into chunks of about `size`, never splitting a group: samples sharing a
 * `group` land in the same chunk (group-level rewards need all of them), in order of first appearance.
 */
export function chunkIndices(samples: readonly Sample[], size: number): number[][] {
  const units: number[][] = [];
  const byGroup = new Map<string, number[]>();
  samples.forEach((sample, i) => {
    if (sample.group === undefined) {
      units.push([i]);
      return;
    }
    const key = `${typeof sample.group}:${sample.group}`;
    let unit = byGroup.get(key);
    if (!unit) {
      unit = [];
      byGroup.set(key, unit);
      units.push(unit);
    }
    unit.push(i);
  });
  const chunks: number[][] = [];
  let current: number[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
