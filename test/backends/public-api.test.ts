import { expect, it } from 'vitest';
import * as backends from '../../src/backends/index.js';

// `rewardkit/backends` is what judges and your own model rewards build on: changing it is a deliberate act.
it('exports exactly the backend API', () => {
  expect(Object.keys(backends).sort()).toEqual([
    'BACKEND_APIS',
    'BackendFailure',
    'BackendStats',
    'Backends',
    'DEFAULT_BACKEND',
    'DEFAULT_CACHE_PATH',
    'DRAIN_MS',
    'MemoryCache',
    'SqliteCache',
    'backendConfigSchema',
    'backendsOf',
    'backendsUsed',
    'cacheKey',
    'callOptions',
    'closeBackends',
    'defaultBackendFromEnv',
    'httpTransport',
    'keyEnv',
    'malformed',
    'mergeBackendConfigs',
    'missingBackend',
    'onBackendsClose',
    'openBackends',
    'parseBackendConfigs',
    'resolveBackendConfigs',
    'servableSpecs',
  ]);
});

it('has a status for each backend failure code', async () => {
  const { CODES } = await import('../../src/core/codes.js');
  expect(CODES['backend-error']).toMatchObject({ status: 'error', http: 502 });
  expect(CODES['backend-timeout']).toMatchObject({ status: 'error', http: 504 });
  expect(CODES['malformed-reply']).toMatchObject({ status: 'error', http: 502 });
});
