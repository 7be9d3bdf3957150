import { createReadStream, createWriteStream, existsSync, openSync, statSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { closeBackends, DEFAULT_CACHE_PATH } from '../backends/index.js';
import { MAX_IMAGE_BYTES } from '../core/images.js';
import { imageFileReader } from './image-files.js';
import { DEFAULT_FIELDS, type FieldMap, scoreJsonl } from './jsonl-scorer.js';
import { positiveInt, specRunner } from './spec-runner.js';
import { Summary } from './summary.js';

interface ScoreOptions {
  spec?: string;
  reward?: string;
  params?: string;
  in: string;
  out?: string;
  batchSize: string;
  concurrency: string;
  timeoutMs?: string;
  cache?: string | false;
  quiet?: boolean;
  idField: string;
  promptField: string;
  responseField: string;
  referenceField: string;
  groupField: string;
  imageRoot?: string;
  maxImageBytes: string;
}

/** `rewardkit score`: scores a JSONL file, one output line per input line, in input order. */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score a JSONL file of samples with a spec (or one reward kind)')
    .option('--spec <file>', 'spec file (YAML or JSON) with a top-level "reward" node')
    .option('--reward <kind>', 'shortcut for a one-leaf spec of this kind')
    .option('--params <json>', 'params for --reward, as JSON')
    .requiredOption('--in <file>', 'input JSONL ("-" for stdin)')
    .option('--out <file>', 'output JSONL (default: stdout)')
    .option('--batch-size <n>', 'samples scored together', '256')
    .option('--concurrency <n>', 'reward calls in flight', '64')
    .option('--timeout-ms <n>', 'per-sample budget of every reward (default: by cost class)')
    .option('--cache <file>', `model-backend response cache (default: REWARDKIT_CACHE or ${DEFAULT_CACHE_PATH})`)
    .option('--no-cache', 'do not read or write the model-backend response cache')
    .option('--quiet', 'no progress bar or summary')
    .option('--id-field <name>', 'input field holding the id', DEFAULT_FIELDS.id)
    .option('--prompt-field <name>', 'input field holding the prompt', DEFAULT_FIELDS.prompt)
    .option('--response-field <name>', 'input field holding the response', DEFAULT_FIELDS.response)
    .option('--reference-field <name>', 'input field holding the reference', DEFAULT_FIELDS.reference)
    .option('--group-field <name>', 'input field holding the group id', DEFAULT_FIELDS.group)
    .option('--image-root <dir>', 'folder image file paths in samples must lie in (default: the input file’s folder)')
    .option('--max-image-bytes <n>', 'largest image a sample may carry, decoded', String(MAX_IMAGE_BYTES))
    .action(async (opts: ScoreOptions) => {
      const { root, runner, backends } = await specRunner(
        {
          spec: opts.spec,
          reward: opts.reward,
          params: opts.params,
          concurrency: positiveInt(opts.concurrency, '--concurrency'),
          timeoutMs: opts.timeoutMs ? positiveInt(opts.timeoutMs, '--timeout-ms') : undefined,
          cache: opts.cache,
        },
        process.env,
      );
      const fields: Partial<FieldMap> = {
        id: opts.idField,
        prompt: opts.promptField,
        response: opts.responseField,
        reference: opts.referenceField,
        group: opts.groupField,
      };
      const maxImageBytes = positiveInt(opts.maxImageBytes, '--max-image-bytes');
      const imageRoot = opts.imageRoot ?? (opts.in === '-' ? process.cwd() : dirname(resolve(opts.in)));
      const parse = { maxImageBytes, readImageFile: imageFileReader(imageRoot, maxImageBytes) };
      const input = opts.in === '-' ? process.stdin : createReadStream(opts.in);
      const output = opts.out ? openOutput(opts.out) : process.stdout;
      const summary = new Summary();
      const bar = await progressBar(opts);
      const count = await scoreJsonl(input, output, {
        runner,
        root,
        fields,
        batchSize: positiveInt(opts.batchSize, '--batch-size'),
        parse,
        // Quiet runs print no summary, so they keep none.
        ...(opts.quiet ? {} : { onResult: (r) => summary.add(r) }),
        onProgress: () => bar?.update(input.bytesRead ?? 0),
      });
      bar?.stop();
      if (opts.out) {
        output.end();
        await finished(output);
      }
      // ONI annotations still in flight finish (bounded) and land in the response cache for the next run.
      await closeBackends(backends);
      if (!opts.quiet) process.stderr.write(`${[summary.format(), ...(backends?.stats.format() ?? [])].join('\n')}\n`);
      if (count === 0 && !opts.quiet) process.stderr.write('warning: the input had no lines\n');
    });
}

/** A byte-based progress bar, only when stderr is a terminal and the input is a file. */
async function progressBar(opts: ScoreOptions): Promise<cliProgress.SingleBar | undefined> {
  if (opts.quiet || !process.stderr.isTTY || opts.in === '-') return undefined;
  const total = statSync(opts.in).size;
  const cliProgress = (await import('cli-progress')).default;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'scoring [{bar}] {percentage}% | {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** The `--out` file opened now, so a missing folder or a permission problem is a clear error, not a stack trace. */
function openOutput(file: string): WriteStream {
  const folder = dirname(resolve(file));
  if (!existsSync(folder)) throw new Error(`--out ${file}: the folder ${folder} does not exist (create it first)`);
  try {
    return createWriteStream(file, { fd: openSync(file, 'w') });
  } catch (err) {
    throw new Error(`--out ${file}: cannot write it (${(err as Error).message})`);
  }
}
