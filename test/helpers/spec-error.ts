// The error a spec text is refused with, for tests of spec validation.
import { createRegistry } from '../../src/catalog.js';
import { RewardError } from '../../src/core/codes.js';
import { parseSpec } from '../../src/core/spec.js';

const registry = createRegistry();

/** Parses `text` as `specs/x.yaml` and returns the RewardError it is refused with; fails if it parses. */
export const specErrorOf = (text: string): RewardError => {
  try {
    parseSpec(text, 'specs/x.yaml', registry);
  } catch (err) {
    if (err instanceof RewardError) return err;
    throw err;
  }
  throw new Error('expected a spec error');
};
