import { type KeyedMetric, parseMetricKey } from './sacrebleu-keys.js';

/** One line of a sacreBLEU conformance `cases.jsonl`: a hypothesis and its references (`null` = none). */
export interface ConformanceCase {
  id: string;
  hyp: string;
  refs: Array<string | null>;
}

/** `expected.json`: corpus numbers per key, and sentence numbers per case id per key. */
export interface ConformanceExpected {
  corpus?: Record<string, Record<string, unknown>>;
  sentence?: Record<string, Record<string, Record<string, unknown>>>;
}

/** The result for one key: how many numbers were compared and the largest absolute difference. */
export interface KeyReport {
  key: string;
  level: 'corpus' | 'sentence';
  compared: number;
  maxDiff: number;
  /** Where the largest difference is (`score`, `s3.precisions[2]`). */
  worst: string | null;
  /** Set when the key could not be checked (unsupported option, missing case, wrong shape). */
  error?: string;
}

/** Parses `cases.jsonl` text; errors name the file and line. */
export function parseCases(text: string, file: string): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new Error(`${where}: not valid JSON (${(err as Error).message})`);
    }
    const c = value as Partial<ConformanceCase> | null;
    if (!c || typeof c !== 'object') throw new Error(`${where}: expected an object {id, hyp, refs}`);
    if (typeof c.id !== 'string' && typeof c.id !== 'number') throw new Error(`${where}: "id" must be a string`);
    if (typeof c.hyp !== 'string') throw new Error(`${where}: "hyp" must be a string`);
    if (!Array.isArray(c.refs) || c.refs.length === 0 || !c.refs.every((r) => r === null || typeof r === 'string'))
      throw new Error(`${where}: "refs" must be a non-empty list of strings (or null)`);
    cases.push({ id: String(c.id), hyp: c.hyp, refs: c.refs });
  });
  return cases;
}

/** Largest |ours − expected| over every number in `expected` (arrays element-wise); shape mismatches throw. */
function compare(
  ours: unknown,
  expected: unknown,
  path: string,
  acc: { n: number; max: number; worst: string | null },
) {
  if (typeof expected === 'number') {
    if (typeof ours !== 'number') throw new Error(`${path}: expected a number, we have ${JSON.stringify(ours)}`);
    const diff = Math.abs(ours - expected);
    acc.n++;
    if (!(diff <= acc.max)) {
      acc.max = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
      acc.worst = path;
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(ours) || ours.length !== expected.length)
      throw new Error(`${path}: expected ${expected.length} values, we have ${JSON.stringify(ours)}`);
    expected.forEach((e, i) => {
      compare(ours[i], e, `${path}[${i}]`, acc);
    });
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) {
      const o = (ours as Record<string, unknown> | undefined)?.[k];
      compare(o, e, path ? `${path}.${k}` : k, acc);
    }
  }
}

function streams(cases: readonly ConformanceCase[], limit: number | undefined): Array<Array<string | null>> {
  const width = Math.max(...cases.map((c) => c.refs.length));
  const count = limit === undefined ? width : Math.min(limit, width);
  return Array.from({ length: count }, (_, k) => cases.map((c) => c.refs[k] ?? null));
}

function run(
  key: string,
  level: KeyReport['level'],
  body: (m: KeyedMetric, acc: { n: number; max: number; worst: string | null }) => void,
): KeyReport {
  const acc = { n: 0, max: 0, worst: null as string | null };
  try {
    body(parseMetricKey(key), acc);
    return { key, level, compared: acc.n, maxDiff: acc.max, worst: acc.worst };
  } catch (err) {
    return {
      key,
      level,
      compared: acc.n,
      maxDiff: Number.POSITIVE_INFINITY,
      worst: acc.worst,
      error: (err as Error).message,
    };
  }
}

/** Recomputes every expected number (corpus keys, then sentence keys) and reports the worst difference per key. */
export function checkConformance(cases: readonly ConformanceCase[], expected: ConformanceExpected): KeyReport[] {
  const reports: KeyReport[] = [];
  for (const [key, want] of Object.entries(expected.corpus ?? {})) {
    reports.push(
      run(key, 'corpus', (m, acc) => {
        const ours = m.corpus(
          cases.map((c) => c.hyp),
          streams(cases, m.refs),
        );
        compare(ours, want, '', acc);
      }),
    );
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  const sentenceKeys = new Set<string>();
  for (const perKey of Object.values(expected.sentence ?? {})) for (const k of Object.keys(perKey)) sentenceKeys.add(k);
  for (const key of sentenceKeys) {
    reports.push(
      run(key, 'sentence', (m, acc) => {
        for (const [id, perKey] of Object.entries(expected.sentence ?? {})) {
          if (!(key in perKey)) continue;
          const c = byId.get(id);
          if (!c) throw new Error(`sentence.${id}: no case with this id in cases.jsonl`);
          const refs = c.refs.slice(0, m.refs).filter((r): r is string => r !== null);
          const want = perKey[key];
          compare(m.sentence(c.hyp, refs), typeof want === 'number' ? { score: want } : want, id, acc);
        }
      }),
    );
  }
  return reports;
}
