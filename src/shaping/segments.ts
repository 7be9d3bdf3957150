// Splits a response into the segments Fine-Grained RLHF rewards: sentences, sub-sentences, or the whole.

export type Segmentation = 'sentence' | 'sub-sentence' | 'sequence';

/** End offsets (exclusive, in UTF-16 units) of each segment; empty text has no segments. */
export function segmentEnds(text: string, how: Segmentation): number[] {
  const end = text.trimEnd().length;
  if (end === 0) return [];
  if (how === 'sequence') return [end];
  // Sentence ends: . ! ? (and CJK 。！？) followed by whitespace or the end, or a line break.
  // Sub-sentences also end at , ; : followed by whitespace (closest reading of the paper's sub-sentence units).
  const re = how === 'sentence' ? /[.!?。！？]+(?=\s|$)|\n+/g : /[.!?。！？]+(?=\s|$)|[,;:](?=\s)|\n+/g;
  const ends: number[] = [];
  let start = 0;
  for (const m of text.slice(0, end).matchAll(re)) {
    const stop = m[0].startsWith('\n') ? m.index : m.index + m[0].length;
    if (text.slice(start, stop).trim() !== '') ends.push(stop);
    start = m.index + m[0].length;
  }
  if (text.slice(start, end).trim() !== '') ends.push(end);
  return ends;
}
