import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import {
  FAMILIES,
  type Family,
  materialSchema,
  nonFiniteSchema,
  type ProbeInput,
  type ProbeReport,
  parseFamilies,
  runProbe,
  userAttacksSchema,
  withUserAttacks,
} from '../integrity/index.js';
import { readJsonlObjects, textTable } from './read-jsonl.js';
import { positiveInt, specRunner } from './spec-runner.js';

interface ProbeFlags {
  spec: string;
  in: string;
  attacks?: string;
  maxFpr?: string;
  json?: boolean;
  out?: string;
  concurrency: string;
}

/** Exit code when a family's false-positive rate is above --max-fpr (a CI gate). */
export const PROBE_FAILED_EXIT = 3;

const DATA = new URL('../../data/', import.meta.url);

function readData(path: string): unknown {
  const text = readFileSync(new URL(path, DATA), 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

/** `--attacks`: a comma list of families, or a YAML/JSON file adding strings (and picking families). */
function attackChoice(value: string | undefined) {
  const material = materialSchema.parse(readData('probe/attacks.yaml'));
  if (value === undefined) return { families: [...FAMILIES] as Family[], material };
  if (!/\.(ya?ml|json)$/i.test(value)) return { families: parseFamilies(value), material };
  let user: unknown;
  try {
    const text = readFileSync(value, 'utf8');
    user = value.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`--attacks ${value}: cannot read it (${(err as Error).message})`);
  }
  const parsed = userAttacksSchema.safeParse(user);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--attacks ${value}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
  }
  return { families: parsed.data.families ?? [...FAMILIES], material: withUserAttacks(material, parsed.data) };
}

function inputsOf(file: string): ProbeInput[] {
  return readJsonlObjects(file).map(({ line, row }) => {
    if (row.prompt === undefined) throw new Error(`${file}:${line}: missing "prompt"`);
    for (const key of ['response', 'wrong'] as const)
      if (row[key] !== undefined && typeof row[key] !== 'string')
        throw new Error(
          `${file}:${line}: "${key}" must be a string (a known-${key === 'response' ? 'good' : 'wrong'} response)`,
        );
    return {
      id: (row.id as string | number | undefined) ?? line,
      prompt: row.prompt,
      reference: row.reference,
      ...(typeof row.response === 'string' ? { response: row.response } : {}),
      ...(typeof row.wrong === 'string' ? { wrong: row.wrong } : {}),
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as a table, most-rewarded family first. */
export function formatProbe(report: ProbeReport, spec: string): string {
  const rows = (Object.entries(report.attacks) as Array<[string, NonNullable<ProbeReport['attacks'][Family]>]>).map(
    ([name, r]) => [name, r.tried, r.rewarded, pct(r.fpr), r.inflation.toFixed(3), r.unscored],
  );
  const rewarded = Object.values(report.attacks).reduce((n, r) => n + (r?.rewarded ?? 0), 0);
  const good = report.goodMean === null ? 'none scored' : report.goodMean.toFixed(3);
  const unscored = Object.values(report.attacks).reduce((n, r) => n + (r?.unscored ?? 0), 0);
  const warnings = [
    ...(report.goodMean === null || report.goodMean === 0
      ? [
          'warning: the known-good responses earn nothing, so a clean probe proves little (check one with rewardkit score)',
        ]
      : []),
    ...(unscored > 0
      ? [`warning: ${unscored} attacks came back unscorable or as errors; they count as not rewarded (see --out)`]
      : []),
  ];
  return [
    `probe ${spec}: ${report.samples} samples, known-good responses score ${good} on average`,
    textTable(['attack', 'tried', 'rewarded', 'FPR', 'inflation', 'unscored'], rows),
    rewarded === 0
      ? 'no attack scored above its control'
      : `worst: ${report.worst} (${pct(report.attacks[report.worst as Family]?.fpr ?? 0)})`,
    ...warnings,
  ].join('\n');
}

/** `rewardkit probe`: attacks a spec with responses that must not be rewarded, before anyone trains on it. */
export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('try known reward hacks against a spec and report false-positive rates per attack family')
    .requiredOption('--spec <file>', 'the spec under test')
    .requiredOption('--in <file>', 'JSONL: prompt, reference, and optionally response (known good) and wrong')
    .option(
      '--attacks <list|file>',
      `families (comma list of ${FAMILIES.join(', ')}) or a YAML/JSON file adding strings`,
    )
    .option('--max-fpr <x>', `exit ${PROBE_FAILED_EXIT} when any family's false-positive rate is above x (0-1)`)
    .option('--json', 'print the report as JSON')
    .option('--out <dir>', 'write every attack and control with its result as JSONL (replayable with rewardkit score)')
    .option('--concurrency <n>', 'reward calls in flight', '16')
    .action(async (flags: ProbeFlags) => {
      const maxFpr = flags.maxFpr === undefined ? undefined : Number(flags.maxFpr);
      if (maxFpr !== undefined && !(maxFpr >= 0 && maxFpr <= 1))
        throw new Error(`--max-fpr must be a number from 0 to 1, got "${flags.maxFpr}"`);
      const { families, material } = attackChoice(flags.attacks);
      const nonFinite = nonFiniteSchema.parse(readData('math/non-finite-attacks.json'));
      const inputs = inputsOf(flags.in);
      const setup = await specRunner(
        { spec: flags.spec, concurrency: positiveInt(flags.concurrency, '--concurrency') },
        process.env,
      );
      const lines: string[] = [];
      const report = await runProbe({
        runner: setup.runner,
        root: setup.root,
        inputs,
        families,
        material,
        nonFinite,
        ...(flags.out
          ? {
              onRecord: (record, attack, control) => {
                const tags = { family: record.pair.family, variant: record.pair.variant, seed: record.pair.seed };
                lines.push(
                  JSON.stringify({
                    ...attack,
                    metadata: { probe: { ...tags, role: 'attack', rewarded: record.rewarded } },
                    result: record.attack,
                  }),
                );
                lines.push(
                  JSON.stringify({
                    ...control,
                    metadata: { probe: { ...tags, role: 'control' } },
                    result: record.control,
                  }),
                );
              },
            }
          : {}),
      });
      setup.close();
      if (flags.out) {
        mkdirSync(flags.out, { recursive: true });
        writeFileSync(join(flags.out, 'attacks.jsonl'), lines.length ? `${lines.join('\n')}\n` : '');
        writeFileSync(join(flags.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
      }
      const json = {
        attacks: Object.fromEntries(
          Object.entries(report.attacks).map(([k, r]) => [
            k,
            { tried: r.tried, rewarded: r.rewarded, fpr: r.fpr, inflation: r.inflation, unscored: r.unscored },
          ]),
        ),
        worst: report.worst,
        samples: report.samples,
        goodMean: report.goodMean,
      };
      process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : `${formatProbe(report, flags.spec)}\n`);
      if (maxFpr !== undefined && Object.values(report.attacks).some((r) => (r?.fpr ?? 0) > maxFpr)) {
        process.stderr.write(`probe: a false-positive rate is above --max-fpr ${maxFpr}\n`);
        process.exitCode = PROBE_FAILED_EXIT;
      }
    });
}
