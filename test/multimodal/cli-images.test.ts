// Images from a spec through `rewardkit score`: file paths inlined under the image root, the exact parts the judge
// and the embeddings backend receive over real HTTP, and the line-level errors for files it must not read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plannedServer } from '../backends/planned-server.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { imageEmbeddingsReply } from '../helpers/scripted-embeddings.js';
import { chat } from '../judges/scripted-judge.js';
import { imagePart, png, pngDataUrl } from './png.js';

const planned = plannedServer();
const dir = mkdtempSync(join(tmpdir(), 'rk-cli-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
mkdirSync(join(data, 'frames'), { recursive: true });
writeFileSync(join(data, 'frames', 'kneel.png'), png([0, 200, 0]));
writeFileSync(join(dir, 'secret.png'), png([1, 1, 1]));
const kneel = pngDataUrl([0, 200, 0]);
const web = 'https://images.example.org/a.png';

function spec(name: string, vision: boolean, reward: string[]): string {
  const file = join(dir, `${name}.yaml`);
  const url = planned.server.url;
  const backends = [
    'backends:',
    `  default: {baseUrl: "${url}/v1", model: judge, retries: 0, vision: ${vision}}`,
    `  embed: {baseUrl: "${url}/v1", model: clip, retries: 0, vision: ${vision}}`,
  ];
  writeFileSync(file, [...backends, 'reward:', ...reward.map((l) => `  ${l}`), ''].join('\n'));
  return file;
}

function input(name: string, rows: unknown[]): string {
  const file = join(data, `${name}.jsonl`);
  writeFileSync(
    file,
    rows
      .map((r) => JSON.stringify(r))
      .join('\n')
      .concat('\n'),
  );
  return file;
}

const score = async (specFile: string, inFile: string, extra: string[] = []) => {
  const out = await runCliAsync(['score', '--spec', specFile, '--in', inFile, '--no-cache', '--quiet', ...extra], {});
  expect(out.code, out.stderr).toBe(0);
  return out.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
};

const ask = (url: string) => ({
  id: url,
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'What is shown?' }, imagePart(url)] }],
  response: 'A robot kneeling.',
});

describe('rewardkit score with images', { timeout: 120_000 }, () => {
  it('a judge gets file images inlined as data URLs and http URLs as they are; bad files are line errors', async () => {
    planned.server.script((req) =>
      req.path === '/v1/chat/completions' ? { body: chat('{"reasoning": "ok", "rating": 9}') } : undefined,
    );
    const rows = [
      ask('frames/kneel.png'),
      ask(web),
      ask('../secret.png'),
      ask('frames/none.png'),
      ask('data:image/png;base64,AAAA'),
    ];
    const lines = await score(spec('judge', true, ['kind: judge-pointwise']), input('judge', rows));
    expect(lines.map((l) => [l.line, l.status, l.code ?? null])).toEqual([
      [1, 'scored', null],
      [2, 'scored', null],
      [3, 'error', 'invalid-sample'],
      [4, 'error', 'invalid-sample'],
      [5, 'error', 'invalid-sample'],
    ]);
    expect(lines[2].message).toBe(
      `line 3: prompt[0].content[1].image_url.url: ../secret.png is outside the image root ${data} (set --image-root)`,
    );
    expect(lines[3].message).toContain('line 4: prompt[0].content[1].image_url.url: no such file frames/none.png');
    expect(lines[4].message).toContain(
      "line 5: prompt[0].content[1].image_url.url: the data URL's bytes are not a PNG",
    );
    const sent = planned.server.seen.map((s) => s.body.messages[1].content.filter((p: any) => p.type === 'image_url'));
    expect(sent).toEqual([
      [{ type: 'image_url', image_url: { url: kneel } }],
      [{ type: 'image_url', image_url: { url: web } }],
    ]);
  });

  it('--image-root widens or narrows what may be read; --max-image-bytes bounds it', async () => {
    planned.server.script((req) =>
      req.path === '/v1/chat/completions' ? { body: chat('{"reasoning": "ok", "rating": 9}') } : undefined,
    );
    const judge = spec('judge-root', true, ['kind: judge-pointwise']);
    const file = input('root', [ask(join(dir, 'secret.png'))]);
    const [outside] = await score(judge, file);
    expect(outside.code).toBe('invalid-sample');
    const [inside] = await score(judge, file, ['--image-root', dir]);
    expect(inside.status).toBe('scored');
    const [big] = await score(judge, input('big', [ask('frames/kneel.png')]), ['--max-image-bytes', '20']);
    expect(big.message).toMatch(/frames\/kneel\.png is \d+ bytes, over the 20-byte limit/);
  });

  it('a text-only judge backend leaves image samples unscorable (image-unsupported) and scores text ones', async () => {
    planned.server.script((req) =>
      req.path === '/v1/chat/completions' ? { body: chat('{"reasoning": "ok", "rating": 9}') } : undefined,
    );
    const rows = [ask('frames/kneel.png'), { id: 't', prompt: 'Say hi.', response: 'Hi!' }];
    const lines = await score(spec('text-judge', false, ['kind: judge-pointwise']), input('text', rows));
    expect(lines.map((l) => [l.status, l.code ?? null])).toEqual([
      ['unscorable', 'image-unsupported'],
      ['scored', null],
    ]);
    expect(planned.server.seen).toHaveLength(1);
  });

  it('vlm-rm embeds the frame read from a file, in vLLM’s chat form of /v1/embeddings', async () => {
    planned.server.script(imageEmbeddingsReply({ [kneel]: 'a humanoid robot kneeling' }));
    const vlm = spec('vlm', true, [
      'kind: vlm-rm',
      'params: {goal: ["a humanoid robot kneeling"], baseline: ["a humanoid robot"]}',
    ]);
    const row = {
      prompt: 'Kneel.',
      response: [
        { role: 'assistant', content: 'Kneeling now.' },
        { role: 'tool', content: [imagePart('frames/kneel.png')] },
      ],
    };
    const [line] = await score(vlm, input('vlm', [row]));
    expect([line.status, line.details?.state]).toEqual(['scored', 'response[1].content[0]']);
    expect(line.score).toBeGreaterThan(0.9);
    const image = planned.server.seen.find((s) => s.body.messages !== undefined);
    expect(image?.body).toEqual({
      model: 'clip',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: kneel } }] }],
      encoding_format: 'float',
    });
  });
});
