// Worker thread entry: loads the CAS once, then answers comparison requests one at a time.
import { parentPort } from 'node:worker_threads';
import { casCompare } from './cas-judge.js';
import type { CasRequest, CasResponse } from './pool.js';

const port = parentPort;
if (port) {
  // Warm the engine on typical shapes before saying ready, so a task's budget is not spent on lazy set-up.
  const options = { lists: 'set', percent: 'exact', chains: 'strict', tolerance: 1e-9, rounding: 'exact' } as const;
  const warm: Array<[string, string]> = [
    ['x+1', '1+x'],
    ['3', '\\log_2 8'],
    ['10', '\\binom{5}{2}'],
    ['1', '\\sin^2 x+\\cos^2 x'],
    ['2+3i', '3i+2'],
    ['\\frac{\\sqrt{2}}{2}', '\\sin\\frac{\\pi}{4}'],
    ['\\pi', '3.14'],
  ];
  for (const [a, b] of warm) {
    casCompare({ type: 'expr', tex: a, percent: false }, { type: 'expr', tex: b, percent: false }, options);
  }
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
