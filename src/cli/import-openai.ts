import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { createRegistry } from '../catalog.js';
import { RewardError } from '../core/codes.js';
import { importOpenAIGrader } from '../shaping/openai-import.js';

/** `rewardkit import-openai FILE [--out SPEC]`: converts an OpenAI grader JSON file into a rewardkit spec (YAML). */
export function registerImportOpenAI(program: Command): void {
  program
    .command('import-openai')
    .description('convert an OpenAI grader (string_check, text_similarity, multi) into a rewardkit spec')
    .argument('<file>', 'grader JSON ("-" for stdin); either the grader itself or {"grader": {...}}')
    .option('--out <file>', 'write the spec here (default: stdout)')
    .action((file: string, opts: { out?: string }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
      } catch (err) {
        throw new RewardError('invalid-spec', `cannot read grader JSON: ${(err as Error).message}`, { where: file });
      }
      const grader = raw && typeof raw === 'object' && 'grader' in raw ? (raw as { grader: unknown }).grader : raw;
      const { spec, warnings } = importOpenAIGrader(grader, createRegistry(), file);
      for (const warning of warnings) process.stderr.write(`rewardkit: warning: ${warning}\n`);
      const text = stringify(spec, { lineWidth: 0 });
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });
}
