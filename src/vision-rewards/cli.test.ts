// Every vision, puzzle and embedding kind from a spec file through `rewardkit score`, against the scripted
// judge/embeddings server in this process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedServer } from '../../test/backends/planned-server.js';
import { runCliAsync } from '../../test/helpers/run-cli.js';
import { embeddingsReply } from '../../test/helpers/scripted-embeddings.js';
import { chat } from '../../test/judges/scripted-judge.js';
import { VISION_DEFINITIONS } from './index.js';

const planned = plannedServer();
const dir = mkdtempSync(join(tmpdir(), 'rk-vision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  planned.server.script((req) =>
    req.path === '/v1/chat/completions'
      ? { body: chat('{"reasoning": "ok", "consistent": true}') }
      : embeddingsReply(req),
  );
});

/** One node and one sample per kind: the sample the kind is meant for. */
const CASES: Record<string, { params?: string; sample: Record<string, unknown> }> = {
  'puzzle-jigsaw': { sample: { response: '<answer>2 1 4 3</answer>', reference: [2, 1, 3, 4] } },
  'puzzle-rotation': { sample: { response: '<answer>90</answer>', reference: 90 } },
  'puzzle-patch': { sample: { response: '<answer>B</answer>', reference: 'B' } },
  'puzzle-rac': { sample: { response: '<think>edges match, so 90</think><answer>90</answer>' } },
  'mixed-matching': { sample: { response: '<answer>Yes</answer>', reference: 'yes' } },
  'mixed-chart': { sample: { response: '<answer>41.9</answer>', reference: '41.5' } },
  'mixed-box-iou': { sample: { response: '<answer>[0, 0, 2, 2]</answer>', reference: [1, 1, 3, 3] } },
  'mixed-bmas': { sample: { response: 'a puppy sprints', reference: 'a dog runs' } },
  'vlm-rm': { params: '{goal: ["a robot kneeling"], baseline: ["a robot"]}', sample: { response: 'a robot kneeling' } },
  'state-goal-similarity': { sample: { response: 'x', reference: 'door open', metadata: { state: 'door open' } } },
  'relevance-r3': { sample: { response: 'Rayleigh scattering.', reference: 'Rayleigh scattering' } },
  'critique-similarity': {
    sample: { response: 'A is right. [[A]]', reference: { verdict: 'A', critique: 'A is right' } },
  },
};

describe('rewardkit score, vision rewards', () => {
  it('covers every kind of the family', () => {
    expect(Object.keys(CASES).sort()).toEqual(VISION_DEFINITIONS.map((d) => d.kind).sort());
  });

  it('scores each kind from a spec, with the scripted judge and embeddings backends', {
    timeout: 300_000,
  }, async () => {
    const url = planned.server.url;
    for (const [kind, c] of Object.entries(CASES)) {
      const spec = join(dir, `${kind}.yaml`);
      writeFileSync(
        spec,
        [
          'backends:',
          `  default: {baseUrl: "${url}/v1", model: judge, retries: 0}`,
          `  embed: {baseUrl: "${url}/v1", model: emb, retries: 0}`,
          'reward:',
          `  kind: ${kind}`,
          ...(c.params ? [`  params: ${c.params}`] : []),
          '',
        ].join('\n'),
      );
      const input = join(dir, `${kind}.jsonl`);
      writeFileSync(input, `${JSON.stringify({ id: kind, prompt: 'why is the sky blue?', ...c.sample })}\n`);
      const out = await runCliAsync(['score', '--spec', spec, '--in', input], {
        REWARDKIT_CACHE: join(dir, 'c.sqlite'),
      });
      expect(out.code, `${kind}: ${out.stderr}`).toBe(0);
      const [line] = out.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect([kind, line.status, typeof line.score]).toEqual([kind, 'scored', 'number']);
    }
  });
});
