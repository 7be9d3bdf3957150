import { gate } from '../src/compose/gate.js';
import { weightedSum } from '../src/compose/weighted-sum.js';
import { contractSuite } from './contract.js';

const samples = [
  { prompt: 'q', response: '<answer>Paris</answer>', reference: 'paris' },
  { prompt: 'q', response: 'London', reference: 'paris' },
];

contractSuite(weightedSum, {
  node: { kind: 'weighted-sum', params: { normalize: true }, terms: [{ kind: 'exact-match', weight: 2 }] },
  samples,
});
contractSuite(gate, {
  node: {
    kind: 'gate',
    when: { kind: 'exact-match', params: { extract: ['answer-tag'] } },
    reward: { kind: 'exact-match' },
  },
  samples,
});
