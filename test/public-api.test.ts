import { expect, it } from 'vitest';
import * as api from '../src/index.js';

// Adding or removing a public export must be a deliberate change to this list.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BUILTIN_DEFINITIONS',
    'CODES',
    'DEFAULT_BUDGET_MS',
    'RULE',
    'Registry',
    'RewardError',
    'Runner',
    'compileNode',
    'compileSpec',
    'createRegistry',
    'defineComposite',
    'defineReward',
    'failed',
    'fromCode',
    'httpStatusOf',
    'isCode',
    'messageText',
    'parseSample',
    'parseSpec',
    'promptText',
    'referenceStrings',
    'responseText',
    'sampleSchema',
    'scored',
    'toRewardError',
    'unscorable',
  ]);
});

it('maps every code to an HTTP status and a status', () => {
  for (const [code, entry] of Object.entries(api.CODES)) {
    expect(api.httpStatusOf(code as api.Code)).toBeGreaterThanOrEqual(400);
    expect(['unscorable', 'error']).toContain(entry.status);
  }
});
