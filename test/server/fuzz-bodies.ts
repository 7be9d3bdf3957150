// Random request bodies for fuzzing the server (test/server/fuzz.test.ts, bench/server/fuzz.ts): mostly
// well-formed requests whose samples are random in every field, some malformed JSON, some hostile shapes.
import { mulberry32 } from '../../src/core/prng.js';

/** One body to send, how many samples it holds when it is well-formed JSON with a samples list. */
export interface FuzzBody {
  body: string;
  /** Samples in `samples` when the body is a JSON object with a list there; undefined otherwise. */
  samples: number | undefined;
}

const SPECS = ['exact-match', 'em-sum', 'nope', ''];
const STRINGS = [
  '',
  ' ',
  'Paris',
  'The answer is 42.',
  '\\boxed{\\frac{1}{2}}',
  '<think>x</think><answer>y</answer>',
  '\u0000\u200b\uFEFF',
  '😀'.repeat(50),
  '\ud800',
  '"quoted"',
  'x'.repeat(5000),
  '__proto__',
  '{"a":1}',
];

/** A generator of random bodies, the same sequence for the same seed. */
export function fuzzBodies(seed: number): () => FuzzBody {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.35) return pick(STRINGS);
    if (r < 0.45) return rnd() < 0.5 ? Math.floor(rnd() * 1e6) - 5e5 : rnd() * 1e300;
    if (r < 0.5) return pick([null, true, false]);
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 4); i > 0; i--)
      o[pick(['a', 'role', 'content', 'text', 'x y', ''])] = value(depth + 1);
    return o;
  };
  const text = (): unknown => {
    const r = rnd();
    if (r < 0.7) return pick(STRINGS);
    if (r < 0.85) return [{ role: pick(['user', 'assistant', 'system', 'tool', '']), content: value(2) }];
    return value(1);
  };
  const sample = (): unknown => {
    const r = rnd();
    if (r < 0.03) return value(0); // not even an object
    const s: Record<string, unknown> = {};
    if (rnd() < 0.95) s.prompt = text();
    if (rnd() < 0.95) s.response = text();
    if (rnd() < 0.8) s.reference = rnd() < 0.7 ? pick(STRINGS) : value(1);
    if (rnd() < 0.2) s.id = rnd() < 0.5 ? Math.floor(rnd() * 100) : pick(STRINGS);
    if (rnd() < 0.1) s.group = pick(['g1', 'g2', 3, null]);
    if (rnd() < 0.1) s.steps = value(1);
    if (rnd() < 0.1) s.metadata = value(1);
    if (rnd() < 0.05) s[pick(['answer', 'extra', 'constructor'])] = value(1);
    if (rnd() < 0.01) {
      let deep: unknown = 1;
      for (let i = 0; i < 70 + Math.floor(rnd() * 2000); i++) deep = [deep];
      s.reference = deep;
    }
    return s;
  };
  return () => {
    const r = rnd();
    const n = Math.floor(rnd() * 40);
    const samples = Array.from({ length: n }, sample);
    const body = JSON.stringify({ spec: pick(SPECS.slice(0, 2)), samples });
    if (r < 0.9) return { body, samples: n };
    if (r < 0.93) return { body: body.slice(0, Math.floor(rnd() * body.length)), samples: undefined }; // cut short
    if (r < 0.95) return { body: JSON.stringify({ spec: pick(SPECS), samples, extra: 1 }), samples: undefined };
    if (r < 0.97) return { body: JSON.stringify(value(0)), samples: undefined };
    if (r < 0.985) return { body: `\uFEFF${body}`, samples: n };
    return { body: JSON.stringify({ spec: pick(SPECS), samples: value(1) }), samples: undefined };
  };
}

/** Whether an answer is well-formed: one result per sample for a 200, our coded error body otherwise. */
export function answered(status: number, text: string, sent: FuzzBody): boolean {
  let body: { results?: Array<{ code?: string }>; error?: { code?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (status === 200) {
    if (!Array.isArray(body.results)) return false;
    if (sent.samples !== undefined && body.results.length !== sent.samples) return false;
    // internal / reward-failed in a result is a crash inside scoring, answered politely.
    return body.results.every((r) => r.code !== 'internal' && r.code !== 'reward-failed');
  }
  if (status >= 500 && body.error?.code === 'internal') return false; // a crash answered politely is still a crash
  return typeof body.error?.code === 'string';
}
