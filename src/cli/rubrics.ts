// `rewardkit rubrics generate`: OpenRubrics contrastive rubric generation over preference pairs, keeping only
// rubrics consistent with each pair's label. Accepted rows are appended as they come, so a rerun with --resume
// picks up where a stopped one left off.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { type Backends, DEFAULT_CACHE_PATH, openBackends } from '../backends/index.js';
import { Limiter } from '../core/limiter.js';
import { type RubricFailure, RubricGenerator } from '../judges/rubric-gen/index.js';
import type { Pair } from '../preference/index.js';
import { backendConfigsFlag } from './backends-flag.js';
import { eachPair } from './data/convert.js';
import { layoutFlag, numberFlag } from './data/flags.js';
import { SkipReport } from './data/io.js';
import { positiveInt } from './spec-runner.js';

interface Flags {
  pairs: string;
  out: string;
  backend: string;
  judgeBackend?: string;
  judgeParams?: string;
  backends?: string;
  from: string;
  margin: string;
  attempts: string;
  maxItems: string;
  maxTokens: string;
  temperature: string;
  concurrency: string;
  resume?: boolean;
  rejects?: string;
  report?: string;
  cache: boolean;
}

/** The id of a pair in the output: SHA-256 of its prompt and both answers (what --resume matches on). */
export function pairId(pair: Pick<Pair, 'prompt' | 'chosen' | 'rejected'>): string {
  return createHash('sha256')
    .update(JSON.stringify([pair.prompt, pair.chosen, pair.rejected]))
    .digest('hex');
}

/** Pair ids already in an output file; a torn last line (a killed run) is cut off so appending stays valid JSONL. */
function resumeFrom(file: string): Set<string> {
  const ids = new Set<string>();
  if (!existsSync(file)) return ids;
  const text = readFileSync(file, 'utf8');
  const end = text.endsWith('\n') ? text.length : text.lastIndexOf('\n') + 1;
  if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)));
  for (const line of text.slice(0, end).split('\n')) {
    try {
      const row = JSON.parse(line) as { pair_id?: unknown };
      if (typeof row.pair_id === 'string') ids.add(row.pair_id);
    } catch {
      // not a row of ours: left as it is
    }
  }
  return ids;
}

function openHub(o: Flags): Backends {
  const configs = backendConfigsFlag(o.backends, process.env);
  for (const [flag, name] of [
    ['--backend', o.backend],
    ['--judge-backend', o.judgeBackend ?? o.backend],
  ] as const) {
    if (!configs[name]) {
      const known = Object.keys(configs).join(', ') || 'none';
      const hint = name === 'default' ? '; set OPENAI_BASE_URL and REWARDKIT_JUDGE_MODEL or give --backends FILE' : '';
      throw new Error(`${flag} ${name}: no backend of that name (known: ${known}${hint})`);
    }
  }
  const env = process.env;
  const cachePath = o.cache ? resolve(env.REWARDKIT_CACHE || DEFAULT_CACHE_PATH) : null;
  return openBackends({ configs, used: true, env, cachePath }) as Backends;
}

function judgeParamsFlag(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new Error(`--judge-params must be a JSON object (${(err as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('--judge-params must be a JSON object');
  return v as Record<string, unknown>;
}

export function registerRubrics(program: Command): void {
  const rubrics = program.command('rubrics').description('rubric data: generate (OpenRubrics CRG)');
  rubrics
    .command('generate')
    .description(
      'write hard rules + principles per preference pair (OpenRubrics CRG); keep a rubric only when the open-rubrics judge prefers the chosen answer under it',
    )
    .requiredOption('--pairs <file>', 'preference pairs (JSONL or Parquet) in any layout `rewardkit data` reads')
    .requiredOption('--out <file>', 'JSONL of accepted rubrics: rows with reference.rubric, as open-rubrics reads')
    .option('--backend <name>', 'backend that writes rubrics', 'default')
    .option('--judge-backend <name>', 'backend of the open-rubrics judge (default: --backend)')
    .option('--judge-params <json>', 'more open-rubrics params for the judge, e.g. {"maxTokens": 512}')
    .option('--backends <file>', 'YAML/JSON map of backend configs (as under a spec\'s "backends:")')
    .option('--from <layout>', 'input layout (default: detected per row)', 'auto')
    .option('--margin <m>', 'keep when score(chosen) − score(rejected) > m, in [0, 1)', '0')
    .option('--attempts <n>', 'rubrics written per pair before it is dropped', '2')
    .option('--max-items <n>', 'most hard rules, and most principles, per rubric', '8')
    .option('--max-tokens <n>', 'token limit of the rubric writer', '2048')
    .option('--temperature <t>', 'temperature of the rubric writer', '0')
    .option('--concurrency <n>', 'pairs in flight', '4')
    .option('--resume', 'append to --out, skipping pairs already in it')
    .option('--rejects <file>', 'JSONL of dropped pairs with the reason and every rubric tried')
    .option('--report <file>', 'write the report as JSON')
    .option('--no-cache', 'do not use the model-backend cache')
    .action(async (o: Flags) => {
      const from = o.from === 'auto' ? 'auto' : layoutFlag(o.from, '--from', true);
      const margin = numberFlag(o.margin, '--margin', (n) => n >= 0 && n < 1, 'a number in [0, 1)');
      const temperature = numberFlag(o.temperature, '--temperature', (n) => n >= 0 && n <= 2, 'a number in [0, 2]');
      if (!o.resume && existsSync(o.out) && readFileSync(o.out, 'utf8').trim() !== '')
        throw new Error(`${o.out} already has rows: pass --resume to append to it, or choose another --out`);
      const backends = openHub(o);
      const generator = new RubricGenerator({
        backends,
        generator: { backend: o.backend, maxTokens: positiveInt(o.maxTokens, '--max-tokens'), temperature },
        judge: { backend: o.judgeBackend ?? o.backend, ...judgeParamsFlag(o.judgeParams) },
        margin,
        attempts: positiveInt(o.attempts, '--attempts'),
        limits: { maxItems: positiveInt(o.maxItems, '--max-items'), maxChars: 400 },
      });
      for (const file of [o.out, o.rejects])
        if (file && !statSync(dirname(resolve(file)), { throwIfNoEntry: false })?.isDirectory())
          throw new Error(`${file}: its folder does not exist`);
      const done = { ids: o.resume ? resumeFrom(o.out) : new Set<string>() };
      const out = createWriteStream(o.out, { flags: o.resume ? 'a' : 'w' });
      const rejects = o.rejects ? createWriteStream(o.rejects, { flags: o.resume ? 'a' : 'w' }) : undefined;
      const report = new SkipReport();
      const limiter = new Limiter(positiveInt(o.concurrency, '--concurrency'));
      const work: Promise<void>[] = [];
      let resumed = 0;
      let tried = 0;
      const onePair = async (pair: Pair, line: number): Promise<void> => {
        const id = pairId(pair);
        if (done.ids.has(id)) {
          resumed++;
          return;
        }
        done.ids.add(id); // a duplicate pair later in the input is not generated twice
        if (pair.tie) return report.skip(line, 'tie: the pair has no preference for a rubric to agree with');
        if (pair.rejectedPrompt !== undefined)
          return report.skip(line, 'cross-prompt pair: a rubric is written for one prompt and both its answers');
        tried++;
        const r = await generator.generate(pair);
        if (!r.kept) {
          const n = r.tries.length;
          report.skip(line, `no rubric kept after ${n} attempt${n === 1 ? '' : 's'}: ${SKIP_REASONS[r.failure]}`);
          rejects?.write(
            `${JSON.stringify({ pair_id: id, line, failure: r.failure, reason: r.reason, tries: r.tries })}\n`,
          );
          return;
        }
        const row = {
          ...pair.extra,
          pair_id: id,
          prompt: pair.prompt,
          reference: { rubric: r.rubric },
          rubric_consistency: {
            chosen: r.scores.chosen,
            rejected: r.scores.rejected,
            margin,
            attempts: r.tries.length,
          },
        };
        out.write(`${JSON.stringify(row)}\n`);
        report.written++;
      };
      try {
        await eachPair(o.pairs, from, report, async (pair, line) => {
          work.push(limiter.run(() => onePair(pair, line)));
          // Back-pressure: never hold more than a few batches of pairs in memory.
          if (work.length >= limiter.limit * 4) await Promise.all(work.splice(0));
        });
        await Promise.all(work);
      } finally {
        await new Promise<void>((r) => out.end(r));
        if (rejects) await new Promise<void>((r) => rejects.end(r));
        backends.close();
      }
      const lines = report.lines(o.pairs);
      if (resumed) lines.push(`  resumed: ${resumed} pairs already in ${o.out}`);
      lines.push(`  consistency filter: kept ${report.written} of ${tried} pairs tried (margin ${margin})`);
      for (const l of lines) process.stderr.write(`${l}\n`);
      if (o.report)
        writeFileSync(o.report, `${JSON.stringify({ ...report.toJSON(), resumed, tried, margin }, null, 2)}\n`);
    });
}

// Skip reasons group by kind in the summary; each pair's own reason and scores are in --rejects.
const SKIP_REASONS: Record<RubricFailure, string> = {
  'unusable-rubric': 'the writer gave no usable rubric',
  'judge-failed': 'the judge could not grade an answer under it',
  inconsistent: 'the judge did not prefer the chosen answer under it (consistency filter)',
};
