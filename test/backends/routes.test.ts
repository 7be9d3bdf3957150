// Scalar reward-model routes, embeddings, transports and configuration, against the scripted server.
import { describe, expect, it } from 'vitest';
import {
  type BackendConfigInput,
  Backends,
  backendConfigSchema,
  defaultBackendFromEnv,
  mergeBackendConfigs,
  parseBackendConfigs,
} from '../../src/backends/index.js';
import { ask, failureOf, hubOn, plannedServer } from './planned-server.js';
import { chatLogprobReply, guardedFetch } from './scripted-server.js';

const planned = plannedServer();
const { server, refused } = planned;
const hub = hubOn(planned);

describe('scalar reward-model routes (reply shapes from each project)', () => {
  const input = {
    messages: [
      { role: 'user', content: 'Q?' },
      { role: 'assistant', content: 'A.' },
    ],
    prompt: 'Q?',
    response: 'A.',
    text: '<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\nA.<|im_end|>\n',
  };
  const cases: Array<[string, Partial<BackendConfigInput>, string, (body: any) => void, unknown, number]> = [
    // vLLM PoolingResponse: data[].data is the pooled output (a sequence-classification RM gives [score])
    [
      'vllm-pooling',
      { api: 'vllm-pooling' },
      '/pooling',
      (b) => expect(b.messages).toEqual(input.messages),
      {
        id: 'pool-1',
        object: 'list',
        created: 1,
        model: 'm',
        data: [{ index: 0, object: 'pooling', data: [2.5] }],
        usage: { prompt_tokens: 9, total_tokens: 9 },
      },
      2.5,
    ],
    // vLLM ALL-pooling reward model: one row per token, the last token's row scores the sequence
    [
      'vllm-pooling (per token)',
      { api: 'vllm-pooling' },
      '/pooling',
      () => {},
      { object: 'list', data: [{ index: 0, object: 'pooling', data: [[0.1], [0.2], [-1.25]] }] },
      -1.25,
    ],
    // vLLM ClassificationResponse: data[].probs
    [
      'vllm-classify',
      { api: 'vllm-classify', classIndex: 1 },
      '/classify',
      (b) => expect(b.input).toBe(input.text),
      { id: 'classify-1', object: 'list', data: [{ index: 0, label: 'LABEL_1', probs: [0.3, 0.7], num_classes: 2 }] },
      0.7,
    ],
    // vLLM ScoreResponse: data[].score for (text_1, text_2)
    [
      'vllm-score',
      { api: 'vllm-score' },
      '/score',
      (b) => expect([b.text_1, b.text_2]).toEqual(['Q?', 'A.']),
      { id: 'score-1', object: 'list', data: [{ index: 0, object: 'score', score: 0.85 }], usage: {} },
      0.85,
    ],
    // SGLang /classify on an --is-embedding reward model: [{embedding: [score], meta_info}]
    [
      'sglang-reward',
      { api: 'sglang-reward' },
      '/classify',
      (b) => expect(b.text).toBe(input.text),
      [{ embedding: [3.75], meta_info: { id: 'x', prompt_tokens: 12 } }],
      3.75,
    ],
    // TEI /predict: [{score, label}] sorted by score; raw_scores keeps logits
    [
      'tei-predict',
      { api: 'tei-predict', label: 'LABEL_0' },
      '/predict',
      (b) => expect(b).toEqual({ inputs: input.text, raw_scores: true }),
      [
        { score: 0.9, label: 'LABEL_1' },
        { score: -0.4, label: 'LABEL_0' },
      ],
      -0.4,
    ],
    // TEI /rerank: [{index, score}] sorted by score
    [
      'tei-rerank',
      { api: 'tei-rerank' },
      '/rerank',
      (b) => expect(b).toEqual({ query: 'Q?', texts: ['A.'], raw_scores: true }),
      [{ index: 0, score: 1.5 }],
      1.5,
    ],
    [
      'http-json',
      {
        api: 'http-json',
        path: '/grade',
        request: { convo: '{{messages}}', note: 'about {{prompt}}' },
        scorePointer: '/result/scores/0',
      },
      '/grade',
      (b) => expect(b).toEqual({ convo: input.messages, note: 'about Q?' }),
      { result: { scores: [0.42] } },
      0.42,
    ],
  ];
  for (const [name, config, path, check, reply, score] of cases) {
    it(`${name}: POST ${path}`, async () => {
      server.script((req) => (req.path === path ? { body: reply } : undefined));
      const backends = hub({ baseUrl: server.url, ...config });
      expect(await backends.scalar('b', input)).toBe(score);
      check(server.seen[0]?.body);
    });
  }

  it('a reply without the score is malformed-reply', async () => {
    server.script(() => ({ body: { data: [{ index: 0, object: 'score' }] } }));
    const e = await failureOf(hub({ baseUrl: server.url, api: 'vllm-score' }).scalar('b', input));
    expect(e?.code).toBe('malformed-reply');
  });

  it('TEI with several labels and none chosen is malformed, not a guess', async () => {
    server.script(() => ({
      body: [
        { score: 0.6, label: 'A' },
        { score: 0.4, label: 'B' },
      ],
    }));
    const e = await failureOf(hub({ baseUrl: server.url, api: 'tei-predict' }).scalar('b', input));
    expect(e?.message).toMatch(/several labels/);
  });
});

describe('embeddings', () => {
  it('OpenAI /embeddings, in index order', async () => {
    server.script((req) =>
      req.path === '/v1/embeddings'
        ? {
            body: {
              object: 'list',
              data: [
                { object: 'embedding', index: 1, embedding: [0, 1] },
                { object: 'embedding', index: 0, embedding: [1, 0] },
              ],
            },
          }
        : undefined,
    );
    expect(await hub().embed('b', ['a', 'b'])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(server.seen[0]?.body).toEqual({ model: 'm', input: ['a', 'b'] });
  });

  it('TEI /embed', async () => {
    server.script((req) => (req.path === '/embed' ? { body: [[0.5, 0.5]] } : undefined));
    expect(await hub({ baseUrl: server.url, api: 'tei-embed' }).embed('b', ['a'])).toEqual([[0.5, 0.5]]);
  });
});

describe('transports', () => {
  it('global fetch works as the transport too', async () => {
    server.script(() => ({ body: chatLogprobReply({ '6': -0.1 }) }));
    const configs = { b: backendConfigSchema.parse({ baseUrl: `${server.url}/v1`, retries: 0 }) };
    const backends = new Backends({
      configs,
      fetch: guardedFetch(
        () => [server.url],
        refused,
        (u, i) => fetch(u, i),
      ),
    });
    expect((await backends.chat('b', ask)).text).toBe('6');
  });

  it('a refused connection is a backend-error after the retries', async () => {
    const configs = { b: backendConfigSchema.parse({ baseUrl: 'http://127.0.0.1:9/v1', retries: 1, backoffMs: 1 }) };
    const backends = new Backends({ configs, fetch: guardedFetch(() => ['http://127.0.0.1:9'], refused) });
    const e = await failureOf(backends.chat('b', ask));
    expect(e?.code).toBe('backend-error');
    expect(e?.attempts).toBe(2);
    expect(e?.message).toMatch(/request failed/);
  });

  it('the guard refuses a request to anywhere but the scripted server', async () => {
    const configs = { b: backendConfigSchema.parse({ baseUrl: 'http://example.invalid/v1', retries: 0 }) };
    const outside: string[] = [];
    const backends = new Backends({ configs, fetch: guardedFetch(() => [server.url], outside) });
    expect((await failureOf(backends.chat('b', ask)))?.code).toBe('backend-error');
    expect(outside).toEqual(['http://example.invalid/v1/chat/completions']);
  });
});

describe('configuration', () => {
  it('takes the default backend from OPENAI_BASE_URL, OPENAI_API_KEY and REWARDKIT_JUDGE_MODEL', () => {
    expect(defaultBackendFromEnv({})).toBeUndefined();
    const d = defaultBackendFromEnv({
      OPENAI_BASE_URL: 'http://h:1/v1',
      OPENAI_API_KEY: 'k',
      REWARDKIT_JUDGE_MODEL: 'j',
    });
    expect(d).toMatchObject({ api: 'openai', baseUrl: 'http://h:1/v1', model: 'j', apiKeyEnv: 'OPENAI_API_KEY' });
    expect(defaultBackendFromEnv({ REWARDKIT_JUDGE_MODEL: 'gpt-x' })?.baseUrl).toBe('https://api.openai.com/v1');
    const merged = mergeBackendConfigs([{ file: 'spec', backends: {} }], { REWARDKIT_JUDGE_MODEL: 'j' });
    expect(Object.keys(merged)).toEqual(['default']);
  });

  it('rejects unknown or bad fields, naming where', () => {
    expect(() => parseBackendConfigs({ rm: { baseUrl: 'http://x', timeout: 5 } }, 'spec.yaml')).toThrow(
      /spec\.yaml: backends\.rm/,
    );
    expect(() => parseBackendConfigs({ rm: { baseUrl: 'nope' } }, 'spec.yaml')).toThrow(/backends\.rm\.baseUrl/);
    expect(() => parseBackendConfigs({ rm: { baseUrl: 'http://x', api: 'http-json' } }, 's')).toThrow(/needs path/);
  });

  it('refuses the same backend name with two configs', () => {
    const a = parseBackendConfigs({ rm: { baseUrl: 'http://a' } }, 'a.yaml');
    const b = parseBackendConfigs({ rm: { baseUrl: 'http://b' } }, 'b.yaml');
    expect(() =>
      mergeBackendConfigs(
        [
          { file: 'a.yaml', backends: a },
          { file: 'b.yaml', backends: b },
        ],
        {},
      ),
    ).toThrow(/also defined/);
  });

  it('an unknown backend name is a backend-error naming those configured', async () => {
    const e = await failureOf(hub().chat('nope', ask));
    expect(e?.code).toBe('backend-error');
    expect(e?.message).toMatch(/configured: b/);
  });
});
