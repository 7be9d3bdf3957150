// judge-tools (Themis) with the local document-search tool: the judge searches metadata.documents before it rates.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedServer } from '../../test/backends/scripted-server.js';
import { chat, judgeBackends, score } from '../../test/judges/scripted-judge.js';
import { runTool, searchDocuments } from '../judges/kinds/tools.js';

const server = new ScriptedServer();
const refused: string[] = [];
beforeAll(() => server.start());
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const DOCS = ['Dune was written by Frank Herbert in 1965.', 'Foundation is by Isaac Asimov.', 'Deserts are dry.'];

describe('judge-tools search tool', () => {
  it('ranks documents by shared query words; nothing matching says so', () => {
    expect(searchDocuments('who wrote Dune', DOCS)).toMatch(/^\[doc 1\] Dune was written/);
    expect(searchDocuments('zebra', DOCS)).toBe('no matching document');
  });

  it('exists only when the sample brings documents', () => {
    expect(runTool('search', 'Dune')).toMatch(/unknown tool/);
    expect(runTool('search', 'Dune', DOCS)).toContain('Frank Herbert');
  });

  it('the judge searches, reads the result, then rates', async () => {
    server.script((_req, n) =>
      n === 0
        ? { body: chat('Let me check. <tool name="search">Dune author</tool>') }
        : { body: chat('{"reasoning": "matches doc 1", "rating": 10}') },
    );
    const sample = { prompt: 'Who wrote Dune?', response: 'Frank Herbert.', metadata: { documents: DOCS } };
    const [r] = await score({ kind: 'judge-tools' }, [sample], judgeBackends(server, refused));
    expect(r?.score).toBe(1);
    expect(r?.details?.tools).toEqual([
      { tool: 'search', input: 'Dune author', result: expect.stringContaining('Frank Herbert') },
    ]);
    expect(String(server.seen[1]?.body.messages?.at(-1)?.content)).toContain('[doc 1]');
  });
});
