import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { failed, scored } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import { answerParam, finalAnswer, numbersIn } from '../answer.js';

export const BOX_FORMATS = ['xyxy', 'xywh', 'cxcywh'] as const;
export type BoxFormat = (typeof BOX_FORMATS)[number];
/** A box as corners [x1, y1, x2, y2]. */
export type Corners = readonly [number, number, number, number];

/** Corners of a box given in `format`, or null when it is not a box of positive area with finite coordinates. */
export function toCorners(b: readonly number[], format: BoxFormat): Corners | null {
  if (b.length !== 4 || !b.every(Number.isFinite)) return null;
  const [a, c, d, e] = b as [number, number, number, number];
  const box: Corners =
    format === 'xyxy'
      ? [a, c, d, e]
      : format === 'xywh'
        ? [a, c, a + d, c + e]
        : [a - d / 2, c - e / 2, a + d / 2, c + e / 2];
  return box[2] > box[0] && box[3] > box[1] ? box : null;
}

// Intersection over union of two axis-aligned boxes (Mixed-R1 grounding reward, standard IoU).
export function iou(p: Corners, g: Corners): number {
  const w = Math.min(p[2], g[2]) - Math.max(p[0], g[0]);
  const h = Math.min(p[3], g[3]) - Math.max(p[1], g[1]);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const area = (b: Corners) => (b[2] - b[0]) * (b[3] - b[1]);
  const union = area(p) + area(g) - inter;
  return union > 0 ? inter / union : 0;
}

/** The boxes written in an answer: every `[a, b, c, d]` group (Qwen2.5-VL `{"bbox_2d": [...]}` included), else 4 bare numbers. */
export function boxesIn(text: string): number[][] {
  const groups = [...text.matchAll(/\[([^[\]]*)\]/g)].map((m) => numbersIn(m[1] as string)).filter((n) => n.length > 0);
  if (groups.length > 0) return groups;
  const bare = numbersIn(text);
  return bare.length > 0 ? [bare] : [];
}

const params = z.strictObject({
  format: z.enum(BOX_FORMATS).default('xyxy').describe('how the response writes a box: xyxy, xywh or cxcywh'),
  referenceFormat: z.enum(BOX_FORMATS).optional().describe('how the reference writes its box (default: as `format`)'),
  extract: answerParam(),
});
const box = z.array(z.number()).length(4);
const reference = z.union([box, z.looseObject({ box })]);

/**
 * Mixed-R1 IoU reward: IoU of the one box in the final answer with the reference box, in [0, 1]. An invalid box
 * (not 4 finite numbers, zero or negative width/height) scores 0, and so does an answer with several boxes (no
 * hedging by listing many). Example: `{kind: mixed-box-iou, params: {format: xyxy}}`, reference `[10, 10, 50, 50]`.
 */
export const mixedBoxIou = defineReward({
  kind: 'mixed-box-iou',
  description: 'Mixed-R1 grounding: IoU of the answered box with the reference box (invalid or several boxes → 0)',
  source: 'Mixed-R1 (arXiv 2505.24164): IoU reward',
  params,
  reference,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof reference>) {
    const gold = toCorners(Array.isArray(ref) ? ref : ref.box, p.referenceFormat ?? p.format);
    if (!gold) return failed('invalid-reference', 'the reference box has no positive area');
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const boxes = boxesIn(text);
    if (boxes.length !== 1) return scored(0, { reason: boxes.length ? 'several-boxes' : 'no-box' });
    const pred = toCorners(boxes[0] as number[], p.format);
    if (!pred) return scored(0, { reason: 'invalid-box', box: (boxes[0] as number[]).slice(0, 8) });
    return scored(iou(pred, gold), { box: pred });
  },
});
