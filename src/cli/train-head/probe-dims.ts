import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { headInputText, probeDimensions } from '../../heads/index.js';
import { HELPSTEER2_ATTRIBUTES } from '../../preference/index.js';
import { numberFlag } from '../data/flags.js';
import { eachRow, SkipReport } from '../data/io.js';
import { textTable } from '../read-jsonl.js';
import { positiveInt } from '../spec-runner.js';
import { openFeaturiser } from './featurise.js';

/** A label: true/false, 1/0, or a rating compared with the threshold; undefined when absent or unreadable. */
function labelOf(v: unknown, threshold: number): 0 | 1 | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return v >= threshold ? 1 : 0;
  return undefined;
}

/** `rewardkit probe-dims`: MRMBench-style logistic probes per preference dimension on frozen embeddings. */
export function registerProbeDims(program: Command): void {
  program
    .command('probe-dims')
    .description('fit a logistic probe per preference dimension on embeddings; report held-out accuracy per dimension')
    .requiredOption('--in <file>', 'JSONL of {prompt, response, <dimension>: label or rating, …} (HelpSteer2 rows fit)')
    .option('--dims <list>', 'comma-separated label fields', HELPSTEER2_ATTRIBUTES.join(','))
    .option('--threshold <t>', 'a numeric rating at or above this is label 1', '3')
    .option('--embed <backend>', 'embeddings backend (default: hashed n-grams, a model-free baseline)')
    .option('--backends <file>', 'YAML/JSON map of backend configs')
    .option('--no-cache', 'do not use the model-backend cache')
    .option('--input <what>', 'featurise the response, or prompt-response', 'prompt-response')
    .option('--seed <n>', 'seed for the split and order', '1')
    .option('--report <file>', 'write the per-dimension results as JSON')
    .action(
      async (o: {
        in: string;
        dims: string;
        threshold: string;
        embed?: string;
        backends?: string;
        cache: boolean;
        input: string;
        seed: string;
        report?: string;
      }) => {
        if (o.input !== 'response' && o.input !== 'prompt-response')
          throw new Error(`--input must be response or prompt-response, got "${o.input}"`);
        const dims = o.dims
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean);
        const threshold = numberFlag(o.threshold, '--threshold');
        const seed = positiveInt(o.seed, '--seed');
        const input = o.input;
        const feat = openFeaturiser(
          { embed: o.embed, backends: o.backends, dim: 1024, ngrams: 2, seed: 0, cache: o.cache ? undefined : false },
          process.env,
        );
        const read = new SkipReport();
        const texts: string[] = [];
        const labels: Record<string, Array<0 | 1 | undefined>> = Object.fromEntries(dims.map((d) => [d, []]));
        try {
          await eachRow(o.in, read, (row, line) => {
            const { prompt, response } = row;
            if (typeof response !== 'string' && !Array.isArray(response))
              return read.skip(line, 'missing or mistyped field "response"');
            const ls = dims.map((d) => labelOf(row[d], threshold));
            const bad = dims.find((d, k) => row[d] !== undefined && row[d] !== null && ls[k] === undefined);
            if (bad) return read.skip(line, `field "${bad}" is neither a boolean label nor a numeric rating`);
            if (ls.every((l) => l === undefined)) return read.skip(line, `no label for any of ${dims.join(', ')}`);
            texts.push(headInputText((prompt ?? '') as string, response as string, input));
            dims.forEach((d, k) => {
              labels[d]?.push(ls[k]);
            });
            read.written++;
          });
          const results = probeDimensions(await feat.vectors(texts), labels, { seed });
          for (const l of read.lines(o.in)) process.stderr.write(`${l.replace(/wrote/, 'used')}\n`);
          const mean = results.reduce((a, r) => a + r.accuracy, 0) / results.length;
          process.stdout.write(
            `${textTable(
              ['dimension', 'train', 'held out', 'probe accuracy', 'majority baseline'],
              results.map((r) => [
                r.dimension,
                r.train,
                r.heldOut,
                `${(r.accuracy * 100).toFixed(1)}%`,
                `${(r.majority * 100).toFixed(1)}%`,
              ]),
            )}\nmean probe accuracy ${(mean * 100).toFixed(1)}%\n`,
          );
          if (o.report)
            writeFileSync(
              o.report,
              `${JSON.stringify({ read: read.toJSON(), featuriser: feat.config, results, mean }, null, 2)}\n`,
            );
        } finally {
          feat.close();
        }
      },
    );
}
