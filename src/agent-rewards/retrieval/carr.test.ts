import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../../test/contract.js';
import { run, scores } from '../../../test/shaping/run.js';
import type { Message, Sample } from '../../core/types.js';
import { carrRubric, reachableRubrics } from './carr.js';

// A two-hop question: "Where was the discoverer of polonium born?" E1 = the discoverer, E0 = the answer.
const reference = {
  rubrics: [
    { statement: 'E1 discovered polonium', entities: ['E1'] },
    { statement: 'E1 was born in E0', entities: ['E1', 'E0'] },
  ],
  entities: { E0: ['Warsaw'], E1: ['Marie Curie', 'Maria Skłodowska'] },
};
const call = (id: string, query: string): Message => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, type: 'function', function: { name: 'search', arguments: { query } } }],
});
const result = (id: string, text: string): Message => ({ role: 'tool', tool_call_id: id, content: text });
const trajectory = (answer: string, docs: Array<[string, string]> = DOCS): Sample => ({
  prompt: 'Where was the discoverer of polonium born?',
  response: [
    ...docs.flatMap(([id, text]) => [call(id, 'q'), result(id, text)]),
    { role: 'assistant', content: answer },
  ],
  reference,
});
const DOCS: Array<[string, string]> = [
  ['call_1', 'https://ex.org/polonium Polonium was discovered in 1898 by Marie Curie and Pierre Curie.'],
  ['call_2', 'https://ex.org/curie Marie Curie was born in Warsaw in 1867.'],
];

contractSuite(carrRubric, {
  samples: [trajectory('Marie Curie, born in Warsaw [call_1] [call_2].'), trajectory('Paris')],
});

describe('carr-rubric (CaRR, 2601.06021)', () => {
  it('all rubrics identified, cited and connected to E0 score 1', async () => {
    expect(
      scores(await run({ kind: 'carr-rubric' }, [trajectory('Marie Curie was born in Warsaw [call_1][call_2].')])),
    ).toEqual([1]);
  });

  it('citations by URL count like tool-call ids; uncited support does not count', async () => {
    const byUrl = trajectory('Marie Curie was born in Warsaw (https://ex.org/curie).');
    expect(scores(await run({ kind: 'carr-rubric' }, [byUrl]))).toEqual([0.5]);
    expect(scores(await run({ kind: 'carr-rubric' }, [trajectory('Marie Curie was born in Warsaw.')]))).toEqual([0]);
  });

  it('BFS connectivity: a supported rubric not linked to E0 scores only in the nobfs ablation', () => {
    const rubrics = [{ entities: ['E1'] }, { entities: ['E1', 'E0'] }, { entities: ['E2'] }];
    expect([...reachableRubrics(rubrics, [true, true, true])].sort()).toEqual([0, 1]);
    expect([...reachableRubrics(rubrics, [true, false, true])]).toEqual([]);
  });

  it('an unidentified entity zeroes every rubric that holds it', async () => {
    expect(scores(await run({ kind: 'carr-rubric' }, [trajectory('It was Warsaw [call_1][call_2].')]))).toEqual([0]);
  });

  it('citation stuffing: invented citations match no source, and only the first maxCitations are read', async () => {
    const fake = trajectory('Marie Curie was born in Warsaw [call_9] https://fake.org/x', [
      DOCS[0] as [string, string],
    ]);
    expect(scores(await run({ kind: 'carr-rubric' }, [fake]))).toEqual([0]);
    const late = trajectory('Marie Curie was born in Warsaw [a1] [a2] [call_1] [call_2].');
    expect(scores(await run({ kind: 'carr-rubric', params: { maxCitations: 2 } }, [late]))).toEqual([0]);
  });

  it('copying the documents verbatim into the answer scores 0', async () => {
    const copy = trajectory(`${DOCS.map((d) => d[1]).join(' ')} [call_1] [call_2]`);
    const [r] = await run({ kind: 'carr-rubric' }, [copy]);
    expect(r?.score).toBe(0);
    expect(r?.details?.reason).toMatch(/copies/);
  });

  it('rubrics from metadata leave the reference to the outcome reward; missing or malformed data is reported', async () => {
    const sample = {
      ...trajectory('Marie Curie was born in Warsaw [call_1][call_2].'),
      reference: 'Warsaw',
      metadata: { carr: reference },
    };
    expect(scores(await run({ kind: 'carr-rubric', params: { rubricsField: 'carr' } }, [sample]))).toEqual([1]);
    const { reference: _r, ...bare } = trajectory('x');
    expect((await run({ kind: 'carr-rubric' }, [bare]))[0]?.code).toBe('no-reference');
    const [bad] = await run({ kind: 'carr-rubric' }, [{ ...bare, reference: { rubrics: [] } }]);
    expect(bad?.code).toBe('invalid-reference');
    expect(bad?.message).toContain('reference.rubrics');
  });

  it('a reference naming an entity it does not define is unscorable', async () => {
    const bad = { ...trajectory('x'), reference: { ...reference, entities: { E0: ['Warsaw'] } } };
    expect((await run({ kind: 'carr-rubric' }, [bad]))[0]?.code).toBe('unparsable-reference');
  });
});
