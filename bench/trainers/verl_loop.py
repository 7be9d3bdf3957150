"""verl reward-loop throughput through rewardkit (argv: client dir, base URL, samples, spec); prints JSON.

One "step" as verl's reward loop runs it: a task per sample on one event loop (compute_score_batch), sync
functions in the loop's default thread pool (run_in_executor), async ones awaited. Three clients:
  baseline - one urllib request per sample on a fresh connection (the client before the async/pooled one),
  sync     - compute_score (pooled keep-alive connections) in the thread pool,
  async    - compute_score_async (keep-alive, calls of the moment sent as one batch).
"""
import asyncio
import functools
import json
import sys
import time
import urllib.request

sys.path.insert(0, sys.argv[1])
import rewardkit_client as rk  # noqa: E402

url, n, spec = sys.argv[2], int(sys.argv[3]), sys.argv[4]


def baseline(data_source, solution_str, ground_truth, extra_info):
    body = json.dumps({"spec": spec, "samples": [{"prompt": "", "response": solution_str, "reference": ground_truth}]})
    req = urllib.request.Request(url + "/v1/score", data=body.encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=180) as r:
        result = json.loads(r.read())["results"][0]
    return result.get("score", 0.0) if result["status"] == "scored" else 0.0


sync = functools.partial(rk.compute_score, spec=spec, url=url)
async_ = functools.partial(rk.compute_score_async, spec=spec, url=url)
answers = ["<think>\nstep %d\n</think>\n<answer>%d</answer>" % (i, i % 10) for i in range(n)]
items = [("gsm8k", answers[i], str((i * 7) % 10), {"index": i // 8}) for i in range(n)]


def step(fn):
    is_async = asyncio.iscoroutinefunction(fn.func)

    async def one(item):
        kwargs = dict(data_source=item[0], solution_str=item[1], ground_truth=item[2], extra_info=item[3])
        if is_async:
            return await fn(**kwargs)
        return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(**kwargs))

    async def run():
        return await asyncio.gather(*(asyncio.ensure_future(one(i)) for i in items))

    start = time.perf_counter()
    scores = asyncio.run(run())
    return time.perf_counter() - start, scores


out = {}
reference = None
for name, fn in (("baseline", functools.partial(baseline)), ("sync", sync), ("async", async_)):
    step(fn) if name != "baseline" else None  # warm-up (connections, spec info)
    seconds, scores = step(fn)
    if reference is None:
        reference = scores
    out[name] = {"seconds": seconds, "samples_per_s": n / seconds, "same_scores": scores == reference}
print(json.dumps(out))
