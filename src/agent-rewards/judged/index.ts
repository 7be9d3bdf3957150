export { sentences, trmFaithfulness } from './faithfulness.js';
