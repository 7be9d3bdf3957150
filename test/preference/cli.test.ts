// `rewardkit data …` and `rewardkit train-head` end to end on the shipped fixtures, through the real CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const FIX = join(root, 'test/fixtures/preference');
const dir = mkdtempSync(join(tmpdir(), 'rk-pref-'));
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const at = (name: string) => join(dir, name);

describe('data convert', () => {
  it('reads every layout, writes OpenRLHF, and reports each skipped row with its reason and line', () => {
    const run = cli([
      'data',
      'convert',
      '--in',
      join(FIX, 'trl.jsonl'),
      '--to',
      'openrlhf',
      '--report',
      at('convert.json'),
    ]);
    expect(run.status).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(5);
    expect(out[0].chosen.at(-1)).toEqual({ role: 'assistant', content: expect.stringMatching(/^Put the egg/) });
    // a multi-turn prompt keeps its turns
    expect(out[4].chosen).toHaveLength(4);
    const report = JSON.parse(readFileSync(at('convert.json'), 'utf8'));
    expect(report).toMatchObject({ read: 7, written: 5, skipped: 2 });
    expect(report.reasons.flatMap((r: { lines: number[] }) => r.lines).sort()).toEqual([5, 6]);
    expect(run.stderr).toMatch(/skipped 1: not valid JSON .*\(lines 6\)/);
  });

  it('HelpSteer2 rows pair by helpfulness; HelpSteer2-Preference keeps its strength; RewardBench refuses multi-turn', () => {
    const hs2 = cli(['data', 'convert', '--in', join(FIX, 'helpsteer2.jsonl'), '--to', 'helpsteer2-preference']);
    const rows = lines(hs2.stdout);
    expect(rows[0]).toMatchObject({ response_1: expect.stringMatching(/^Nine/), preference_strength: -3 }); // a gap of 4 ratings is capped at "much better"
    expect(rows[1]).toMatchObject({ preference_strength: 0 }); // equal helpfulness → a tie
    expect(hs2.stderr).toMatch(/no other response of its prompt/);
    expect(hs2.stderr).toMatch(/"helpfulness" must be a number \(lines 6\)/);
    const hsp = cli(['data', 'convert', '--in', join(FIX, 'helpsteer2-preference.jsonl'), '--to', 'trl']);
    expect(lines(hsp.stdout).map((r) => r.chosen)).toEqual([
      'Nine minutes in boiling water, then cold water.',
      'Paris.',
      'Hello!',
    ]);
    expect(hsp.stderr).toMatch(/integer in −3\.\.3 \(lines 4\)/);
    const rb = cli(['data', 'convert', '--in', join(FIX, 'trl.jsonl'), '--to', 'rewardbench']);
    expect(rb.stderr).toMatch(/single-turn string prompt.*\(lines 7\)/);
    const bad = cli(['data', 'convert', '--in', join(FIX, 'trl.jsonl'), '--to', 'openrlfh']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/did you mean "openrlhf"/);
  });

  it('reads Parquet row groups the same as JSONL', () => {
    const rows = readFileSync(join(FIX, 'rewardbench.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const file = at('rb.parquet');
    parquetWriteFile({
      filename: file,
      columnData: ['prompt', 'chosen', 'rejected', 'subset']
        .map((name) => ({ name, data: rows.map((r) => r[name]) }))
        .concat([{ name: 'id', data: rows.map((r) => BigInt(r.id)), type: 'INT64' } as never]),
    });
    const a = cli(['data', 'convert', '--in', file, '--to', 'trl']);
    const b = cli(['data', 'convert', '--in', join(FIX, 'rewardbench.jsonl'), '--to', 'trl']);
    expect(a.status).toBe(0);
    expect(lines(a.stdout)).toEqual(lines(b.stdout));
  });
});

describe('strength → fix → train-head', () => {
  it('an ensemble flags the mislabelled pair, fix flips it, train-head saves a head the head kind serves', () => {
    const strength = cli([
      'data',
      'strength',
      '--in',
      join(FIX, 'trl.jsonl'),
      '--out',
      at('s.jsonl'),
      '--report',
      at('s.json'),
      '--reward',
      'contains@{"values":["detailed"]}',
      '--reward',
      'length@{"unit":"words","target":20}',
    ]);
    expect(strength.status).toBe(0);
    const rows = lines(readFileSync(at('s.jsonl'), 'utf8'));
    expect(rows).toHaveLength(5);
    const prime = rows.find((r) => r.prompt === 'Name a prime number.');
    expect(prime.strength.flag).toBe('mislabelled');
    expect(prime.strength.n).toBe(2);
    expect(strength.stderr).toMatch(/\| decile \|/);
    expect(JSON.parse(readFileSync(at('s.json'), 'utf8')).flags.mislabelled).toBeGreaterThanOrEqual(1);

    const fix = cli(['data', 'fix', '--in', at('s.jsonl'), '--below', '0', '--out', at('f.jsonl')]);
    expect(fix.status).toBe(0);
    const fixed = lines(readFileSync(at('f.jsonl'), 'utf8')).find((r) => r.prompt === 'Name a prime number.');
    expect(fixed.chosen).toMatch(/^Seven is prime/);
    expect(fixed.strength.fixed).toBe('flipped');
    expect(fixed.strength.mean).toBeCloseTo(-prime.strength.mean, 12);

    const margin = cli(['data', 'fix', '--in', at('s.jsonl'), '--mode', 'soft-margin', '--out', at('m.jsonl')]);
    expect(margin.status).toBe(0);
    const m = lines(readFileSync(at('m.jsonl'), 'utf8'));
    expect(m.every((r) => typeof r.margin === 'number')).toBe(true);
    expect(m.find((r) => r.prompt === 'Name a prime number.').label_smoothing).toBe(0.1);

    const train = cli([
      'train-head',
      '--in',
      at('f.jsonl'),
      '--out',
      at('head.json'),
      '--dim',
      '64',
      '--holdout',
      '0.2',
      '--report',
      at('t.json'),
    ]);
    expect(train.status).toBe(0);
    expect(train.stderr).toMatch(/held-out accuracy/);
    const head = JSON.parse(readFileSync(at('head.json'), 'utf8'));
    expect(head).toMatchObject({ format: 'rewardkit-head', objective: 'bt', net: { dim: 64, hidden: 0, outputs: 1 } });

    writeFileSync(at('score.jsonl'), `${JSON.stringify({ prompt: 'q', response: 'a detailed answer' })}\n`);
    const served = cli([
      'score',
      '--reward',
      'head',
      '--params',
      JSON.stringify({ file: at('head.json') }),
      '--in',
      at('score.jsonl'),
    ]);
    expect(served.status).toBe(0);
    expect(lines(served.stdout)[0].status).toBe('scored');
  });

  it('margin BT on pairs without margins says why it cannot train; regression trains on HelpSteer2 rows', () => {
    const noMargin = cli([
      'train-head',
      '--in',
      join(FIX, 'rewardbench.jsonl'),
      '--objective',
      'margin',
      '--out',
      at('x.json'),
    ]);
    expect(noMargin.status).toBe(1);
    expect(noMargin.stderr).toMatch(/only 0 usable examples for objective "margin"/);
    const reg = cli([
      'train-head',
      '--in',
      join(FIX, 'helpsteer2.jsonl'),
      '--objective',
      'regression',
      '--out',
      at('r.json'),
      '--attributes',
      'helpfulness,correctness',
      '--holdout',
      '0.4',
    ]);
    expect(reg.status).toBe(0);
    expect(reg.stderr).toMatch(/held-out RMSE helpfulness/);
    expect(reg.stderr).toMatch(/skipped 1/);
  });
});

describe('data pair, relabel, consistency', () => {
  it('pair: wins and ties from pass/fail labels; unpaired and unlabelled items are reported', () => {
    const run = cli(['data', 'pair', '--in', join(FIX, 'labels.jsonl')]);
    expect(run.status).toBe(0);
    const pairs = lines(run.stdout);
    expect(pairs.filter((p) => !p.tie)).toHaveLength(3); // 2 haiku wins + 1 arithmetic win
    expect(pairs.filter((p) => p.tie)).toHaveLength(1);
    expect(run.stderr).toMatch(/nothing to pair it with \(lines 6\)/);
    expect(run.stderr).toMatch(/not a pass\/fail label \(lines 7\)/);
  });

  it('pair --across-prompts: OpenRLHF rows with a prompt per side, which train-head reads; TRL refuses them', () => {
    const run = cli([
      'data',
      'pair',
      '--in',
      join(FIX, 'labels.jsonl'),
      '--across-prompts',
      '--out',
      at('cross.jsonl'),
    ]);
    expect(run.status).toBe(0);
    const rows = lines(readFileSync(at('cross.jsonl'), 'utf8'));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.chosen[0].content).not.toBe(r.rejected[0].content);
    const train = cli([
      'train-head',
      '--in',
      at('cross.jsonl'),
      '--objective',
      'ties',
      '--holdout',
      '0',
      '--dim',
      '32',
      '--out',
      at('cross-head.json'),
    ]);
    expect(train.status).toBe(0);
    expect(train.stderr).toMatch(new RegExp(`ties: trained on ${rows.length}`));
    const trl = cli(['data', 'convert', '--in', join(FIX, 'openrlhf.jsonl'), '--to', 'trl']);
    expect(trl.stderr).toMatch(/answer different prompts; only openrlhf holds a prompt per side \(lines 3\)/);
  });

  it('relabel: two score-conditioned pairs per pair and a DRS β, from score fields', () => {
    const src = at('scored.jsonl');
    writeFileSync(
      src,
      `${JSON.stringify({ prompt: 'Q', chosen: 'a', rejected: 'b', chosen_score: 8, rejected_score: 3 })}\n${JSON.stringify({ prompt: 'Q', chosen: 'a', rejected: 'b' })}\n`,
    );
    const run = cli(['data', 'relabel', '--in', src]);
    expect(run.status).toBe(0);
    const [up, down] = lines(run.stdout);
    expect(up).toMatchObject({ chosen: 'a', rejected: 'b', condition_score: 8 });
    expect(up.prompt).toMatch(/8 out of 10/);
    expect(down).toMatchObject({ chosen: 'b', rejected: 'a', condition_score: 3 });
    expect(up.drs_beta).toBeCloseTo(0.1 * (1 + 0.5 * (1 - Math.exp(-2.5))), 12);
    expect(run.stderr).toMatch(/no numeric chosen_score/);
  });

  it('consistency: CREAM C per row and the mean; mismatched lists reported', () => {
    const run = cli(['data', 'consistency', '--in', join(FIX, 'rankings.jsonl')]);
    const rows = lines(run.stdout);
    expect(rows.map((r) => r.consistency)).toEqual([1, 0, expect.closeTo(2 / 3, 12)]);
    expect(run.stderr).toMatch(/has 2 scores and "scores_b" 1 \(lines 4\)/);
  });
});

describe('probe-dims', () => {
  it('one probe per dimension with its majority baseline; mistyped labels reported', () => {
    const run = cli([
      'probe-dims',
      '--in',
      join(FIX, 'helpsteer2.jsonl'),
      '--dims',
      'helpfulness,verbosity',
      '--report',
      at('p.json'),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\| helpfulness \|/);
    expect(run.stderr).toMatch(/"helpfulness" is neither a boolean label nor a numeric rating \(lines 6\)/);
    const report = JSON.parse(readFileSync(at('p.json'), 'utf8'));
    expect(report.results.map((r: { dimension: string }) => r.dimension)).toEqual(['helpfulness', 'verbosity']);
    expect(report.results[0].train + report.results[0].heldOut).toBe(5);
  });
});
