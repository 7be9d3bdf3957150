// bench/text: corpus BLEU / chrF on 100k sentence pairs and per-sample sentence metrics, against a
// tokenising-only baseline measured the same way. Each phase runs in its own process for a clean peak RSS.
// Run: node --import tsx bench/text/run.ts   (BENCH_TEXT_PAIRS=20000 for a quick run)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Bleu } from '../../src/text/bleu.js';
import { Chrf } from '../../src/text/chrf.js';
import { hfBleu } from '../../src/text/hf-bleu.js';
import { rouge } from '../../src/text/rouge.js';
import { Ter } from '../../src/text/ter.js';
import { tokenize13a } from '../../src/text/tokenizers.js';
import { fmt, machine, table } from '../lib/measure.js';

const PAIRS = Number(process.env.BENCH_TEXT_PAIRS ?? 100_000);
const WORDS = 25;

/** Deterministic pairs: a 25-word reference drawn from the fixture vocabulary, and a perturbed hypothesis. */
function makePairs(count: number): { hyps: string[]; refs: string[] } {
  const text = readFileSync(new URL('../../data/text/sacrebleu/cases.jsonl', import.meta.url), 'utf8');
  const vocab = [...new Set(text.match(/[A-Za-z][A-Za-z'-]*|[.,;:!?()]|\d+(?:\.\d+)?/g) ?? [])];
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const word = () => vocab[Math.floor(rand() * vocab.length)] as string;
  const hyps: string[] = [];
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const ref = Array.from({ length: WORDS }, word);
    const hyp = ref.map((w) => (rand() < 0.2 ? word() : w));
    if (rand() < 0.3) hyp.splice(Math.floor(rand() * hyp.length), 1);
    refs.push(`${ref.join(' ')}.`);
    hyps.push(`${hyp.join(' ')}.`);
  }
  // Reading a character flattens the rope strings concatenation leaves, so inputs are flat as JSON.parse gives.
  for (const s of [...hyps, ...refs]) s.charCodeAt(0);
  return { hyps, refs };
}

type Phase = { name: string; what: string; items: (n: number) => number; run: (h: string[], r: string[]) => number };

const PHASES: Phase[] = [
  {
    name: 'baseline',
    what: 'baseline: 13a-tokenise hyp + ref only',
    items: (n) => n,
    run: (h, r) => h.reduce((a, x, i) => a + tokenize13a(x).length + tokenize13a(r[i] as string).length, 0),
  },
  {
    name: 'corpus-bleu',
    what: 'corpus BLEU (sacreBLEU 13a, exp)',
    items: (n) => n,
    run: (h, r) => new Bleu().corpus(h, [r]).score,
  },
  {
    name: 'corpus-chrf',
    what: 'corpus chrF (chrF2)',
    items: (n) => n,
    run: (h, r) => new Chrf().corpus(h, [r]).score,
  },
  {
    name: 'sentence-bleu',
    what: 'sentence BLEU per sample (effective order)',
    items: (n) => n,
    run: (h, r) => {
      const bleu = new Bleu({ effectiveOrder: true });
      let s = 0;
      for (let i = 0; i < h.length; i++) s += bleu.sentence(h[i] as string, [r[i] as string]).score;
      return s;
    },
  },
  {
    name: 'sentence-bleuberi',
    what: 'BLEUBERI (HF) BLEU per sample',
    items: (n) => n,
    run: (h, r) => h.reduce((a, x, i) => a + hfBleu(x, [r[i] as string]).bleu, 0),
  },
  {
    name: 'sentence-rougeL',
    what: 'ROUGE-L per sample (no stemmer)',
    items: (n) => Math.min(n, 20_000),
    run: (h, r) => h.reduce((a, x, i) => a + rouge(r[i] as string, x, 'rougeL').fmeasure, 0),
  },
  {
    name: 'sentence-rouge1',
    what: 'ROUGE-1 per sample (no stemmer)',
    items: (n) => n,
    run: (h, r) => h.reduce((a, x, i) => a + rouge(r[i] as string, x, 'rouge1').fmeasure, 0),
  },
  {
    name: 'sentence-rouge2',
    what: 'ROUGE-2 per sample (no stemmer)',
    items: (n) => n,
    run: (h, r) => h.reduce((a, x, i) => a + rouge(r[i] as string, x, 'rouge2').fmeasure, 0),
  },
  {
    name: 'sentence-ter',
    what: 'TER per sample',
    items: (n) => Math.min(n, 5_000),
    run: (h, r) => {
      const ter = new Ter();
      return h.reduce((a, x, i) => a + ter.sentence(x, [r[i] as string]).score, 0);
    },
  },
];

function child(name: string): void {
  const phase = PHASES.find((p) => p.name === name);
  if (!phase) throw new Error(`unknown phase ${name}`);
  const n = phase.items(PAIRS);
  const { hyps, refs } = makePairs(n);
  phase.run(hyps.slice(0, 2000), refs.slice(0, 2000)); // warm-up
  (globalThis as { gc?: () => void }).gc?.(); // start the timed run without the generator's garbage
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const check = phase.run(hyps, refs);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ n, seconds, cpuSeconds, rssMiB, check }));
}

function main(): void {
  const rows: Array<Array<string | number>> = [];
  let baseline = Number.NaN;
  for (const phase of PHASES) {
    const script = new URL(import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, phase.name], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`phase ${phase.name} failed: ${run.stderr}`);
    const r = JSON.parse(run.stdout) as { n: number; seconds: number; cpuSeconds: number; rssMiB: number };
    const rate = r.n / r.seconds;
    const perCore = r.n / r.cpuSeconds;
    if (phase.name === 'baseline') baseline = perCore;
    rows.push([
      phase.what,
      fmt(r.n),
      fmt(r.seconds),
      fmt(rate),
      fmt(perCore),
      `${fmt(baseline / perCore)}×`,
      fmt(r.rssMiB),
    ]);
  }
  console.log(`Machine: ${machine()} (one process per row, single-threaded)\n`);
  console.log(`${PAIRS.toLocaleString('en-US')} synthetic pairs, ${WORDS}-word references\n`);
  console.log(
    table(['what', 'sentences', 'wall s', 'sentences/s', 'per CPU-second', 'CPU vs baseline', 'peak RSS MiB'], rows),
  );
  console.log('\nsentences/s is wall-clock; "per CPU-second" (user+sys time of the process) is the per-core rate.');
}

const phaseArg = process.argv[2];
if (phaseArg) child(phaseArg);
else main();
