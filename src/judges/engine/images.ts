// The images a judge is sent: every image part of the sample, each after a numbered label (data/images.json).
import { z } from 'zod';
import { RewardError } from '../../core/codes.js';
import { type ContentPart, sampleImages } from '../../core/images.js';
import type { Sample } from '../../core/types.js';
import labelsJson from '../data/images.json' with { type: 'json' };

const labels = z
  .strictObject({ about: z.string(), prompt: z.string().min(1), response: z.string().min(1) })
  .parse(labelsJson);

/** How an image is marked where it sits in the prompt text given to a judge. */
export const imageMark = (n: number): string => `[image ${n}]`;

/**
 * The sample's images as content parts for the judge's user turn: prompt images first, then the response's, each
 * after its label (`[image 2] from the prompt:`); none without a sample. A backend without `vision: true` refuses
 * the call (`image-unsupported`), so images are never dropped.
 */
export function judgeImages(sample: Sample | undefined): ContentPart[] {
  if (!sample) return [];
  const out: ContentPart[] = [];
  sampleImages(sample).forEach((image, i) => {
    out.push({ type: 'text', text: labels[image.from].replace('{{n}}', String(i + 1)) });
    const url = image.detail === undefined ? { url: image.url } : { url: image.url, detail: image.detail };
    out.push({ type: 'image_url', image_url: url });
  });
  return out;
}

/**
 * The images of a group judged together: the shared prompt's (from the first member). A member whose response
 * carries images cannot be judged in the group's text blocks: `image-unsupported`, not a silent drop.
 */
export function groupImages(members: readonly Sample[]): ContentPart[] {
  const first = members[0];
  if (!first) return [];
  if (members.some((m) => sampleImages(m).some((i) => i.from === 'response'))) {
    throw new RewardError('image-unsupported', 'group judges compare candidates as text; a response carries an image');
  }
  return judgeImages({ prompt: first.prompt, response: '' });
}
