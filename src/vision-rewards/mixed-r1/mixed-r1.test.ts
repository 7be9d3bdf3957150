// Mixed-R1 rewards (arXiv 2505.24164; code not retrievable). Matching and IoU are as the paper states; the chart
// tolerance (5% relative, ChartQA relaxed accuracy) and BMAS's word tokens standing in for the policy tokenizer
// are reconstructions, exposed as params (`relTol`, the tokenizer note in docs/vision-rewards.md).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../../test/backends/scripted-server.js';
import { contractSuite } from '../../../test/contract.js';
import { embedBackends, embeddingsReply } from '../../../test/helpers/scripted-embeddings.js';
import { createRegistry } from '../../catalog.js';
import type { Services } from '../../core/define.js';
import { Runner } from '../../core/runner.js';
import { compileNode, type NodeSpec } from '../../core/spec.js';
import type { Sample } from '../../core/types.js';
import { bmas, mixedBmas } from './bmas.js';
import { iou, mixedBoxIou, toCorners } from './box-iou.js';
import { mixedChart } from './chart.js';
import { mixedMatching } from './matching.js';

const server = new ScriptedServer();
const refused: string[] = [];
const services: Services = {};
beforeAll(async () => {
  await server.start();
  server.script(embeddingsReply);
  services.backends = embedBackends(server, refused);
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const registry = createRegistry();
const run = async (node: NodeSpec, samples: Sample[]) =>
  new Runner({ services }).score(compileNode(node, registry, { file: 'test' }), samples);
const scores = async (node: NodeSpec, reference: unknown, responses: string[]) =>
  (
    await run(
      node,
      responses.map((response) => ({ prompt: 'p', response, reference })),
    )
  ).map((r) => (r.status === 'scored' ? r.score : r.status));

contractSuite(mixedMatching, {
  samples: [{ prompt: 'Is it red?', response: '<answer>Yes</answer>', reference: 'yes' }],
});
contractSuite(mixedChart, { samples: [{ prompt: 'value?', response: '<answer>41.9</answer>', reference: '41.5' }] });
contractSuite(mixedBoxIou, {
  samples: [{ prompt: 'box?', response: '<answer>[10, 10, 50, 50]</answer>', reference: [10, 10, 50, 50] }],
});
contractSuite(mixedBmas, {
  samples: [{ prompt: 'caption', response: 'a puppy sprints on the shore', reference: 'a dog runs on the beach' }],
  runnerOptions: { services },
});

describe('mixed-matching', () => {
  it('matches normalised yes/no and option letters', async () => {
    expect(
      await scores({ kind: 'mixed-matching' }, 'B', [
        '<answer>(B) a red car</answer>',
        '<answer>b.</answer>',
        '<answer>C</answer>',
      ]),
    ).toEqual([1, 1, 0]);
    expect(
      await scores({ kind: 'mixed-matching' }, 'yes', ['<answer>Yes, it is.</answer>', '<answer>No</answer>']),
    ).toEqual([1, 0]);
  });
  it('cannot be gamed by answering both yes and no', async () => {
    expect(await scores({ kind: 'mixed-matching' }, 'yes', ['<answer>yes or no</answer>'])).toEqual([0]);
  });
});

describe('mixed-chart', () => {
  it('accepts numbers within 5% relative error of the reference, text by exact match', async () => {
    expect(
      await scores({ kind: 'mixed-chart' }, '41.5', [
        '<answer>41.9</answer>',
        '<answer>43.6</answer>',
        '<answer>1,000</answer>',
      ]),
    ).toEqual([1, 0, 0]);
    expect(
      await scores({ kind: 'mixed-chart' }, 'Japan', ['<answer>japan</answer>', '<answer>China</answer>']),
    ).toEqual([1, 0]);
    expect(await scores({ kind: 'mixed-chart', params: { relTol: 0 } }, 100, ['<answer>100.5</answer>'])).toEqual([0]);
  });
  it('a zero reference needs exactly 0, and several numbers are no answer', async () => {
    expect(await scores({ kind: 'mixed-chart' }, 0, ['<answer>0.001</answer>', '<answer>0</answer>'])).toEqual([0, 1]);
    expect(await scores({ kind: 'mixed-chart' }, 40, ['<answer>38 or 41 or 40</answer>'])).toEqual([0]);
  });
});

describe('mixed-box-iou', () => {
  it('is the IoU of the boxes (hand-checked: 1, 1/7, 0)', async () => {
    expect(iou([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(1 / 7, 12);
    expect(
      await scores(
        { kind: 'mixed-box-iou' },
        [0, 0, 2, 2],
        [
          '<answer>[0, 0, 2, 2]</answer>',
          '<answer>{"bbox_2d": [1, 1, 3, 3], "label": "cat"}</answer>',
          '<answer>[5, 5, 6, 6]</answer>',
        ],
      ),
    ).toEqual([1, expect.closeTo(1 / 7, 12), 0]);
  });
  it('reads xywh and cxcywh boxes', async () => {
    expect(toCorners([1, 1, 2, 2], 'xywh')).toEqual([1, 1, 3, 3]);
    expect(toCorners([2, 2, 2, 2], 'cxcywh')).toEqual([1, 1, 3, 3]);
    expect(
      await scores(
        { kind: 'mixed-box-iou', params: { format: 'cxcywh', referenceFormat: 'xyxy' } },
        [1, 1, 3, 3],
        ['<answer>[2, 2, 2, 2]</answer>'],
      ),
    ).toEqual([1]);
  });
  it('cannot be gamed: invalid, degenerate, huge or several boxes score 0 or little', async () => {
    const gold = [10, 10, 20, 20];
    const [inverted, zero, nan, many, three, huge] = await scores({ kind: 'mixed-box-iou' }, gold, [
      '<answer>[20, 20, 10, 10]</answer>',
      '<answer>[10, 10, 10, 20]</answer>',
      '<answer>[10, 10, NaN, 20]</answer>',
      '<answer>[10, 10, 20, 20] [0, 0, 5, 5]</answer>',
      '<answer>[10, 10, 20]</answer>',
      '<answer>[0, 0, 1000, 1000]</answer>',
    ]);
    expect([inverted, zero, nan, many, three]).toEqual([0, 0, 0, 0, 0]);
    expect(huge).toBeCloseTo(100 / 1e6, 12); // a box covering everything contains the target but its IoU is tiny
  });
});

describe('mixed-bmas', () => {
  it('is ½(S(R→G) + S(G→R)) over token vectors (hand-checked vectors)', () => {
    const e1 = [1, 0];
    const e2 = [0, 1];
    expect(bmas([e1], [e1, e2])).toBeCloseTo(0.5 * (1 + 0.5), 12);
    expect(bmas([e1, e2], [e2, e1])).toBe(1);
  });
  it('scores a paraphrase above an unrelated caption, through the embeddings backend', async () => {
    const [para, unrelated] = await scores({ kind: 'mixed-bmas' }, 'a dog runs on the beach', [
      'a puppy sprints on the shore',
      'stock prices fell sharply today',
    ]);
    expect(para).toBe(1); // every token has a synonym-sharing counterpart in the scripted table
    expect(unrelated as number).toBeLessThan(0.5);
  });
  it('cannot be gamed by repeating one well-matched token', async () => {
    const [repeated, faithful] = await scores({ kind: 'mixed-bmas' }, 'a dog runs on the beach', [
      'dog dog dog dog dog dog dog dog',
      'the dog runs on a beach',
    ]);
    expect(repeated as number).toBeLessThan(0.8);
    expect(faithful as number).toBeGreaterThan(repeated as number);
  });
});
