// Worker thread entry: loads the CAS once, then answers comparison requests one at a time.
import { parentPort } from 'node:worker_threads';
import { casCompare } from './cas-judge.js';
import type { CasRequest, CasResponse } from './pool.js';

const port = parentPort;
if (port) {
  // Warm the engine before saying ready, so the first task's budget is not spent loading it.
  casCompare(
    { type: 'expr', tex: 'x+1', percent: false },
    { type: 'expr', tex: '1+x', percent: false },
    {
      lists: 'set',
      percent: 'exact',
      tolerance: 1e-9,
      rounding: 'exact',
    },
  );
  port.on('message', (req: CasRequest) => {
    let res: CasResponse;
    try {
      res = { id: req.id, verdict: casCompare(req.gold, req.pred, req.options) };
    } catch (err) {
      res = { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(res);
  });
  port.postMessage({ ready: true });
}
