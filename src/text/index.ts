// Reference-based text metrics as a library: sacreBLEU-exact BLEU / chrF / TER, BLEUBERI's BLEU, ROUGE,
// edit similarity, their tokenizers, and the sacreBLEU conformance checker. The reward kinds are in ./rewards.
export { Bleu, type BleuOptions, type BleuScore, type BleuStats, computeBleu, SMOOTH_METHODS } from './bleu.js';
export { Chrf, type ChrfOptions, type ChrfScore, chrfWords } from './chrf.js';
export {
  type ConformanceCase,
  type ConformanceExpected,
  checkConformance,
  type KeyReport,
  parseCases,
} from './conformance.js';
export { type EditSimilarity, type EditUnit, editSimilarity } from './edit-similarity.js';
export { type HfBleuOptions, type HfBleuScore, hfBleu } from './hf-bleu.js';
export { porterStem } from './porter.js';
export { TEXT_DEFINITIONS } from './rewards/index.js';
export { type RougeOptions, type RougeScore, type RougeType, rouge, rougeMulti, rougeTokens } from './rouge.js';
export { parseMetricKey } from './sacrebleu-keys.js';
export { Ter, type TerScore, translationEditRate } from './ter.js';
export { type TerTokenizerOptions, terWords } from './ter-tokenizer.js';
export {
  TOKENIZERS,
  type TokenizerName,
  tokenize13a,
  tokenizeChar,
  tokenizeIntl,
  tokenizeNone,
  tokenizerFor,
  tokenizeZh,
} from './tokenizers.js';
