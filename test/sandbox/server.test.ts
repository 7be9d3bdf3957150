// The `code` and `tool-call` kinds through the HTTP server: in-process, and in a worker thread.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { createRewardServer, type RewardServer } from '../../src/server/server.js';

const SPECS = {
  code: 'reward:\n  kind: code\n  params: {language: python, score: pass-rate, limits: {cpuMs: 1000, wallMs: 3000}}\n',
  tools: 'reward:\n  kind: tool-call\n',
};
const SAMPLES = {
  code: [
    {
      id: 'ok',
      prompt: 'double',
      response: '```python\nprint(int(input()) * 2)\n```',
      reference: {
        tests: [
          { stdin: '2', stdout: '4' },
          { stdin: '3', stdout: '6' },
        ],
      },
    },
    { id: 'loop', prompt: 'double', response: 'while True: pass', reference: { tests: [{ stdin: '1', stdout: '2' }] } },
  ],
  tools: [
    {
      id: 't',
      prompt: 'find',
      response: '<think>x</think>\n<tool_call>\n{"name": "search", "parameters": {"q": "a", "n": 3}}\n</tool_call>',
      reference: '<tool_call>\n{"name": "search", "parameters": {"q": "a", "n": 2}}\n</tool_call>',
    },
  ],
};

async function server(workers: number): Promise<RewardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-sandbox-specs-'));
  for (const [name, text] of Object.entries(SPECS)) writeFileSync(join(dir, `${name}.yaml`), text);
  const config = parseConfig({ port: 0, specDirs: [dir], workers, logLevel: 'silent', traces: { enabled: false } });
  return createRewardServer({ config, baseDir: dir, file: undefined });
}

describe.each([0, 1])('code and tool-call through the server (workers: %i)', (workers) => {
  let rs: RewardServer | undefined;
  afterAll(async () => {
    await rs?.close();
  });

  it('scores programs in the sandbox and tool calls with ToolRL', async () => {
    rs = await server(workers);
    const post = (spec: keyof typeof SPECS) =>
      (rs as RewardServer).app.inject({
        method: 'POST',
        url: '/v1/score',
        payload: { spec, samples: SAMPLES[spec] },
      });
    const code = await post('code');
    expect(code.statusCode).toBe(200);
    const [ok, loop] = code.json().results;
    expect(ok).toMatchObject({ id: 'ok', status: 'scored', score: 1 });
    expect(ok.details.sandbox).toMatch(/^bwrap:/);
    expect(loop).toMatchObject({ id: 'loop', status: 'scored', score: 0 });
    const tools = await post('tools');
    expect(tools.json().results[0]).toMatchObject({ status: 'scored', score: 2.5 });
  });
});
