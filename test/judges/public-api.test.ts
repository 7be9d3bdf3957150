import { expect, it } from 'vitest';
import * as judges from '../../src/judges/index.js';

// The `rewardkit/judges` subpath: adding or removing an export must be a deliberate change to this list.
it('exports exactly the judges API', () => {
  expect(Object.keys(judges).sort()).toEqual([
    'JUDGE_DEFINITIONS',
    'MASTER_KEYS',
    'RubricGenerator',
    'generateRubric',
    'masterKey',
    'masterKeyAudit',
    'readJsonObject',
    'readRubric',
    'repairJson',
    'truncateToFirstSentence',
    'untrusted',
    'withoutThink',
  ]);
});
