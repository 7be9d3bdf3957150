import type { Command } from 'commander';
import { registerConsistency } from './consistency.js';
import { registerConvert } from './convert.js';
import { registerFix } from './fix.js';
import { registerPair } from './pair.js';
import { registerRelabel } from './relabel.js';
import { registerStrength } from './strength.js';

/** `rewardkit data <strength|fix|pair|relabel|convert|consistency>`: preference-data curation (docs/preference.md). */
export function registerData(program: Command): void {
  const data = program
    .command('data')
    .description('curate preference data: strength, fix, pair, relabel, convert, consistency');
  for (const register of [
    registerStrength,
    registerFix,
    registerPair,
    registerRelabel,
    registerConvert,
    registerConsistency,
  ])
    register(data);
}
