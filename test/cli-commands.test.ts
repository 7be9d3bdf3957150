import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, registerCommands } from '../src/cli/commands.js';

describe('CLI commands load by name', () => {
  it('each entry registers exactly the command it is named for', async () => {
    for (const { name, load } of COMMANDS) {
      const program = new Command();
      (await load())(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });

  it('registers only the named command, and every command when none is named (help, typos)', async () => {
    const one = new Command();
    await registerCommands(one, ['kinds', '--json']);
    expect(one.commands.map((c) => c.name())).toEqual(['kinds']);
    for (const argv of [[], ['--help'], ['scroe']]) {
      const all = new Command();
      await registerCommands(all, argv);
      expect(all.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    }
  });
});
