import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { expectClose, input, run } from '../../test/shaping/run.js';
import { fineGrainedSegments } from './fine-grained.js';
import { segmentEnds } from './segments.js';

const RESPONSE = 'Paris is the capital, and it is large. It has 2 million people.';
// allenai/FineGrainedRLHF qa_feedback fine_grained_config.yml
const MEAN = -0.44677690555995353;
const STD = 8.301160619054132;
const node = {
  kind: 'fine-grained-segments',
  params: {
    rms: {
      relevance: { segment: 'sub-sentence', form: 'sign' },
      factuality: { segment: 'sentence', form: 'sign' },
      completeness: { segment: 'sequence', form: 'linear', mean: MEAN, std: STD, bias: 0 },
    },
  },
  terms: [
    { kind: 'step-input', name: 'relevance', weight: 0.3, params: { field: 'relevance' } },
    { kind: 'step-input', name: 'factuality', weight: 0.5, params: { field: 'factuality' } },
    { ...input('completeness', 'completeness'), weight: 0.3 },
  ],
};
const sample = {
  prompt: 'q',
  response: RESPONSE,
  metadata: { relevance: [1, 0, 1], factuality: [1, 0], completeness: 2 },
};

contractSuite(fineGrainedSegments, { node, samples: [sample] });

describe('Fine-Grained RLHF segment rewards (Wu et al. 2023)', () => {
  it('splits sentences and sub-sentences at their ends', () => {
    expect(segmentEnds(RESPONSE, 'sentence')).toEqual([38, 63]);
    expect(segmentEnds(RESPONSE, 'sub-sentence')).toEqual([21, 38, 63]);
    expect(segmentEnds(`${RESPONSE}  \n`, 'sequence')).toEqual([63]);
    expect(segmentEnds('Pi is 3.14 exactly.\nNext line', 'sentence')).toEqual([19, 29]);
    expect(segmentEnds('   ', 'sentence')).toEqual([]);
  });

  it('places ±w per segment and the normalised completeness score at the end (QA-Feedback config)', async () => {
    const [r] = await run(node, [sample]);
    const completeness = ((2 - MEAN) / STD) * 0.3;
    expect(r?.details).toMatchObject({ positions: [21, 38, 63] });
    const expected = [0.3, -0.3 + 0.5, 0.3 - 0.5 + completeness];
    expectClose(r?.steps ?? [], expected);
    expect(r?.score).toBeCloseTo(0.3 + completeness, 12);
    expect(r?.details).toMatchObject({ terms: { relevance: { segments: 3 }, factuality: { segments: 2 } } });
  });

  it('errors when a reward model gives the wrong number of segment scores', async () => {
    const [r] = await run(node, [{ ...sample, metadata: { ...sample.metadata, factuality: [1, 0, 1] } }]);
    expect(r).toMatchObject({ status: 'error', code: 'child-failed' });
    expect(r?.message).toMatch(/factuality: gave 3 segment scores but the response has 2 sentence segments/);
  });
});
