// `rewardkit rubrics generate` end to end: a child CLI process against the in-process scripted server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedServer } from '../backends/planned-server.js';
import type { SeenRequest } from '../backends/scripted-server.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { chat } from './scripted-judge.js';

const planned = plannedServer();
const { server } = planned;
const dir = mkdtempSync(join(tmpdir(), 'rk-rubrics-'));
const env = () => ({ OPENAI_BASE_URL: `${server.url}/v1`, REWARDKIT_JUDGE_MODEL: 'judge' });
const user = (req: SeenRequest): string => String(req.body.messages?.at(-1)?.content ?? '');
const isWriter = (req: SeenRequest) => String(req.body.messages?.[0]?.content ?? '').startsWith('You write grading');

// Writer: a discriminating rubric for capital questions, prose (unusable) for the "poem" prompt.
// Judge: "single word" holds when the response has no space; "names X" when the response contains X.
function script() {
  server.script((req) => {
    const text = user(req);
    if (isWriter(req)) {
      if (text.includes('poem')) return { body: chat('I would judge on beauty.') };
      const city = /capital of (\w+)/.exec(text)?.[1] === 'Italy' ? 'Rome' : 'Paris';
      return {
        body: chat(
          JSON.stringify({ hardRules: ['The answer is a single word.'], principles: [`The answer names ${city}.`] }),
        ),
      };
    }
    const response = /<response>\n([\s\S]*?)\n<\/response>/.exec(text)?.[1] ?? '';
    const criterion = /<criterion>\n([\s\S]*?)\n<\/criterion>/.exec(text)?.[1] ?? '';
    const named = /names (\w+)/.exec(criterion)?.[1];
    const met = named ? response.includes(named) : !/\s/.test(response.trim());
    return { body: chat(JSON.stringify({ reasoning: 'r', met })) };
  });
}

const france = {
  prompt: 'The capital of France? One word.',
  chosen: 'Paris',
  rejected: 'It is Paris, I think.',
  id: 'fr',
};
const italy = { prompt: 'The capital of Italy? One word.', chosen: 'Rome', rejected: 'Rome is the capital.', id: 'it' };
const poem = { prompt: 'Write a poem.', chosen: 'Roses are red.', rejected: 'No.', id: 'poem' };
const tie = { prompt: 'Hi', response_1: 'Hello', response_2: 'Hey', preference_strength: 0 };
const lines = (...rows: unknown[]) =>
  `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const rowsOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('rewardkit rubrics generate', () => {
  it('keeps consistent rubrics, reports every skipped pair with its reason, and resumes without redoing work', async () => {
    script();
    const pairs = join(dir, 'pairs.jsonl');
    const out = join(dir, 'rubrics.jsonl');
    const rejects = join(dir, 'rejects.jsonl');
    const report = join(dir, 'report.json');
    writeFileSync(pairs, lines(france, poem, tie, '{not json'));
    const args = ['rubrics', 'generate', '--pairs', pairs, '--out', out, '--no-cache', '--attempts', '1'];
    const first = await runCliAsync([...args, '--rejects', rejects, '--report', report], env());
    expect(first.stderr).toContain('kept 1 of 2 pairs tried');
    expect(first.code).toBe(0);
    const [row] = rowsOf(out);
    expect(row).toMatchObject({
      id: 'fr',
      prompt: france.prompt,
      reference: { rubric: { hardRules: ['The answer is a single word.'], principles: ['The answer names Paris.'] } },
      rubric_consistency: { chosen: 1, rejected: 0, margin: 0, attempts: 1 },
    });
    expect(row.pair_id).toMatch(/^[0-9a-f]{64}$/);
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    expect(rep).toMatchObject({ read: 4, written: 1, skipped: 3 });
    expect(rep.reasons.map((r: { reason: string }) => r.reason).sort()).toEqual([
      'no rubric kept after 1 attempt: the writer gave no usable rubric',
      expect.stringMatching(/^not valid JSON/),
      'tie: the pair has no preference for a rubric to agree with',
    ]);
    expect(rowsOf(rejects)).toMatchObject([{ line: 2, failure: 'unusable-rubric' }]);

    // Without --resume, an output with rows is not overwritten.
    const refused = await runCliAsync(args, env());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pass --resume');

    // Resume after a killed run (a torn last line): France is not asked again; Italy is new; the poem is retried.
    writeFileSync(out, `${readFileSync(out, 'utf8')}{"pair_id": "ab`);
    script();
    writeFileSync(pairs, lines(france, poem, italy));
    const again = await runCliAsync([...args, '--resume'], env());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('resumed: 1 pairs already in');
    const asked = server.seen.filter(isWriter).map((r) => /<conversation>\n(.*)/.exec(user(r))?.[1]);
    expect(asked.sort()).toEqual([italy.prompt, poem.prompt]);
    expect(rowsOf(out).map((r) => r.id)).toEqual(['fr', 'it']);
  });

  it('the rows score under open-rubrics as they are: `rewardkit score` reads reference.rubric', async () => {
    script();
    const pairs = join(dir, 'pairs2.jsonl');
    const out = join(dir, 'rubrics2.jsonl');
    writeFileSync(pairs, lines(france));
    const gen = await runCliAsync(['rubrics', 'generate', '--pairs', pairs, '--out', out, '--no-cache'], env());
    expect(gen.code).toBe(0);
    const [row] = rowsOf(out);
    const samples = join(dir, 'samples.jsonl');
    writeFileSync(
      samples,
      lines({ ...row, response: 'Paris' }, { ...row, response: 'Lyon' }, { ...row, response: 'Paris, France' }),
    );
    script();
    const scored = await runCliAsync(
      ['score', '--reward', 'open-rubrics', '--in', samples, '--no-cache', '--quiet'],
      env(),
    );
    expect(scored.code).toBe(0);
    const results = scored.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    // Paris: both met → 1; Lyon: one word, no Paris → 0; "Paris, France": the hard rule fails → 0.
    expect(results.map((r) => r.score)).toEqual([1, 0, 0]);
  });

  it('bad flags are clear errors', async () => {
    const pairs = join(dir, 'pairs3.jsonl');
    writeFileSync(pairs, lines(france));
    const base = ['rubrics', 'generate', '--pairs', pairs, '--out', join(dir, 'x.jsonl'), '--no-cache'];
    const noBackend = await runCliAsync([...base, '--backend', 'writer'], env());
    expect(noBackend.stderr).toContain('--backend writer: no backend of that name (known: default)');
    const margin = await runCliAsync([...base, '--margin', '1.5'], env());
    expect(margin.stderr).toContain('--margin must be a number in [0, 1)');
    const judgeParams = await runCliAsync([...base, '--judge-params', '{"tempreature": 0}'], env());
    expect(judgeParams.stderr).toMatch(/tempreature/);
    expect(judgeParams.code).not.toBe(0);
    const noDir = await runCliAsync(
      ['rubrics', 'generate', '--pairs', pairs, '--out', join(dir, 'nope', 'x.jsonl')],
      env(),
    );
    expect(noDir.stderr).toContain('its folder does not exist');
  });
});
