// The reward specs a data command scores with: `--spec FILE` and `--reward KIND[@JSON]`, each its own Runner.
import type { Sample } from '../../core/types.js';
import { type SpecRunner, specRunner } from '../spec-runner.js';

/** One ensemble member: a name for reports and its runner. */
export interface Member {
  name: string;
  run: SpecRunner;
}

export interface EnsembleFlags {
  spec?: string[] | undefined;
  reward?: string[] | undefined;
  concurrency: number;
  cache?: string | false | undefined;
}

/** Compiles every member; `--reward head@{"file":"a.json"}` passes params after the @. */
export async function openEnsemble(flags: EnsembleFlags, env: NodeJS.ProcessEnv): Promise<Member[]> {
  const members: Member[] = [];
  for (const spec of flags.spec ?? [])
    members.push({
      name: spec,
      run: await specRunner({ spec, concurrency: flags.concurrency, cache: flags.cache }, env),
    });
  for (const r of flags.reward ?? []) {
    const at = r.indexOf('@');
    const kind = at < 0 ? r : r.slice(0, at);
    const params = at < 0 ? undefined : r.slice(at + 1);
    members.push({
      name: r,
      run: await specRunner({ reward: kind, params, concurrency: flags.concurrency, cache: flags.cache }, env),
    });
  }
  if (members.length === 0) throw new Error('give at least one --spec FILE or --reward KIND to score with');
  return members;
}

/** Scores of the samples under one member: a number, or why there is none. */
export async function scoreAll(member: Member, samples: Sample[]): Promise<Array<number | string>> {
  const results = await member.run.runner.score(member.run.root, samples);
  return results.map((r) =>
    r.status === 'scored' && typeof r.score === 'number' && Number.isFinite(r.score)
      ? r.score
      : `${r.status}/${r.code ?? 'no-score'}`,
  );
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
