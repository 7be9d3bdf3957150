import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { DEFAULT_CONFIG, resolveServeConfig } from '../../src/cli/serve.js';
import { createLazyRegistry } from '../../src/kinds/lazy.js';
import { applyOverrides, envOverrides, loadConfigFile, parseConfig } from '../../src/server/config.js';
import { componentPaths, loadSpecSet, resolveSources } from '../../src/server/scoring/spec-set.js';

const temp = () => mkdtempSync(join(tmpdir(), 'rk-config-'));

describe('the shipped config', () => {
  it('serves the default specs on 127.0.0.1:8000', async () => {
    const { config, baseDir } = loadConfigFile(DEFAULT_CONFIG);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8000);
    expect(config.auth.tokens).toEqual([]);
    const specs = await loadSpecSet(
      resolveSources({ files: config.specs, dirs: config.specDirs }, baseDir),
      createRegistry(),
    );
    expect([...specs.keys()]).toEqual(expect.arrayContaining(['exact-match', 'format-exact']));
    expect(specs.has('rewardkit')).toBe(false);
    expect(componentPaths(specs.get('format-exact')?.root as never)).toEqual(['weighted-sum', 'format', 'accuracy']);
  });
});

describe('config validation', () => {
  it.each([
    [{ port: 'eighty' }, /port/],
    [{ port: 70000 }, /port/],
    [{ limits: { concurrency: 0 } }, /limits\.concurrency/],
    [{ auth: { tokens: ['short'] } }, /auth\.tokens\[0\].*16 characters/],
    [{ traces: { sampleRate: 2 } }, /traces\.sampleRate/],
    [{ hots: '0.0.0.0' }, /hots/],
    [{ specs: { 'bad name!': 'x.yaml' } }, /specs/],
  ])('rejects %j naming the field', (raw, message) => {
    expect(() => parseConfig(raw, 'my.yaml')).toThrow(message);
    expect(() => parseConfig(raw, 'my.yaml')).toThrow(/my\.yaml/);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = temp();
    writeFileSync(join(dir, 'bad.yaml'), 'port: [1,\n');
    expect(() => loadConfigFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml.*not valid YAML/);
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml.*cannot read/);
  });
});

describe('overrides', () => {
  it('reads REWARDKIT_* variables', () => {
    expect(
      envOverrides({
        REWARDKIT_HOST: '0.0.0.0',
        REWARDKIT_PORT: '9000',
        REWARDKIT_TOKENS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbb ',
        REWARDKIT_TRACES: 'off',
      }),
    ).toMatchObject({ host: '0.0.0.0', port: 9000, tokens: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'], traces: false });
    expect(() => envOverrides({ REWARDKIT_PORT: 'x' })).toThrow(/REWARDKIT_PORT/);
  });

  it('lets flags beat the environment and the environment beat the file', () => {
    const dir = temp();
    writeFileSync(join(dir, 'cfg.yaml'), 'port: 7000\nhost: 127.0.0.2\nworkers: 3\n');
    const env = { REWARDKIT_CONFIG: join(dir, 'cfg.yaml'), REWARDKIT_PORT: '7100' };
    expect(resolveServeConfig({}, env).config).toMatchObject({ port: 7100, host: '127.0.0.2', workers: 3 });
    const flagged = resolveServeConfig({ port: '7200', workers: '0', traces: false }, env).config;
    expect(flagged).toMatchObject({ port: 7200, workers: 0, traces: { enabled: false } });
    expect(() => resolveServeConfig({ port: 'x' }, env)).toThrow(/--port/);
    const base = parseConfig({});
    expect(applyOverrides(base, { tokens: ['cccccccccccccccc'] }).auth.tokens).toEqual(['cccccccccccccccc']);
  });

  it('serves exactly the --specs given, files and folders', () => {
    const dir = temp();
    writeFileSync(join(dir, 'one.yaml'), 'reward:\n  kind: exact-match\n');
    const loaded = resolveServeConfig({ specs: [join(dir, 'one.yaml')] }, {});
    expect(loaded.config.specs).toEqual({ one: join(dir, 'one.yaml') });
    expect(loaded.config.specDirs).toEqual([]);
    expect(resolveServeConfig({ specs: [dir] }, {}).config.specDirs).toEqual([dir]);
  });
});

describe('spec folders', () => {
  it('names specs by their name field, else the file, and refuses duplicates', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.yaml'), 'name: alpha\nreward:\n  kind: exact-match\n');
    writeFileSync(join(dir, 'b.json'), '{"reward": {"kind": "exact-match"}}');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    writeFileSync(join(dir, 'server.yaml'), 'port: 1\n');
    const specs = await loadSpecSet({ dirs: [dir] }, createRegistry());
    expect([...specs.keys()].sort()).toEqual(['alpha', 'b']);
    writeFileSync(join(dir, 'c.yaml'), 'name: alpha\nreward:\n  kind: exact-match\n');
    await expect(loadSpecSet({ dirs: [dir] }, createRegistry())).rejects.toThrow(/"alpha" is also used by .*a\.yaml/);
  });

  it('compiles specs side by side but reports the first bad one in file order, with every family loaded', async () => {
    const dir = temp();
    // m.yaml loads a heavier family (math) than the bad ones; the error is still the first file's.
    writeFileSync(join(dir, 'a.yaml'), 'reward:\n  kind: exact-match\n  params:\n    nope: 1\n');
    writeFileSync(join(dir, 'b.yaml'), 'reward:\n  kind: no-such-kind\n');
    writeFileSync(join(dir, 'm.yaml'), 'reward:\n  kind: math\n');
    await expect(loadSpecSet({ dirs: [dir] }, createLazyRegistry())).rejects.toThrow(/a\.yaml/);
    writeFileSync(join(dir, 'a.yaml'), 'reward:\n  kind: exact-match\n');
    await expect(loadSpecSet({ dirs: [dir] }, createLazyRegistry())).rejects.toThrow(/b\.yaml/);
    writeFileSync(join(dir, 'b.yaml'), 'reward:\n  kind: token-f1\n');
    const specs = await loadSpecSet({ dirs: [dir, join(dir, 'missing')] }, createLazyRegistry()).catch((e: Error) => e);
    expect(String(specs)).toMatch(/cannot read spec folder/);
    const ok = await loadSpecSet({ dirs: [dir] }, createLazyRegistry());
    expect([...ok.keys()]).toEqual(['a', 'b', 'm']);
    expect(ok.get('m')?.root.kind).toBe('math');
  });

  it('stops at a bad spec, naming file, line and path', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'bad.yaml'), 'reward:\n  kind: exact-match\n  params:\n    lowercase: maybe\n');
    await expect(loadSpecSet({ dirs: [dir] }, createRegistry())).rejects.toThrow(
      /bad\.yaml:4: reward\.params\.lowercase/,
    );
  });
});
