// Writes seeded synthetic text pairs for the docs/preference.md walk-through: chosen replies lean on "good" words,
// rejected on "bad" ones, and every tenth pair is stored the wrong way round (label noise for strength/fix to find).
// Usage: node --import tsx bench/heads/make-pairs.ts [N] > pairs.jsonl
import { mulberry32 } from '../../src/core/prng.js';

const n = Number(process.argv[2] ?? 600);
const rand = mulberry32(18);
const good = ['thanks', 'detailed', 'because', 'step', 'clearly', 'example', 'explain'];
const bad = ['no', 'idea', 'cannot', 'whatever', 'dunno'];
const topics = ['eggs', 'tides', 'rust', 'paris', 'primes', 'rain', 'gravity', 'bread'];
const pick = (words: string[], k: number) =>
  Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]).join(' ');
for (let i = 0; i < n; i++) {
  const topic = topics[i % topics.length];
  const row = {
    prompt: `Tell me about ${topic}`,
    chosen: `about ${topic} ${pick(good, 3)} ${pick(bad, 1)}`,
    rejected: `about ${topic} ${pick(bad, 3)} ${pick(good, 1)}`,
    user: `u${i % 3}`,
    noisy: i % 10 === 0,
  };
  if (row.noisy) [row.chosen, row.rejected] = [row.rejected, row.chosen];
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
