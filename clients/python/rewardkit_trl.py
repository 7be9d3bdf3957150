"""TRL GRPOTrainer reward functions over a rewardkit server. Standard library only; needs rewardkit_client.py
in the same folder.

    from rewardkit_trl import make_trl_reward, make_trl_rewards   # or: from rewardkit_client import ...
"""

import asyncio
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rewardkit_client import REFERENCE_KEYS, RewardkitError, _async_client, _client, _score_of, _spec  # noqa: E402

__all__ = ["make_trl_reward", "make_trl_rewards", "reward_func"]

_TRL_ARGS = ("trainer_state", "log_extra", "log_metric", "environments", "completion_ids")


def _trl_groups(prompts, num_generations):
    """Group ids for TRL: it passes the `num_generations` completions of a prompt one after another."""
    groups, last, run = [], None, -1
    for i, prompt in enumerate(prompts):
        key = json.dumps(prompt, sort_keys=True, default=str)
        starts = key != last or (num_generations and (i - start) % num_generations == 0)
        if starts:
            run, last, start = run + 1, key, i
        groups.append("g%d" % run)
    return groups


class _TrlScorer:
    """Scores one TRL batch once, however many per-component reward functions read it."""

    def __init__(self, spec, url, token, reference_key, num_generations, log):
        self.spec = _spec(spec)
        self.url, self.token = url, token
        self.reference_key = reference_key
        self.num_generations = num_generations
        self.log = log
        self._warned = False
        self._last = None  # (completions, results or task)

    def samples(self, prompts, completions, kwargs):
        key = self.reference_key or next((k for k in REFERENCE_KEYS if k in kwargs), None)
        if self.reference_key and self.reference_key not in kwargs:
            columns = sorted(k for k in kwargs if k not in _TRL_ARGS)
            raise RewardkitError(
                "reference_key=%r is not a dataset column (columns: %s)" % (self.reference_key, ", ".join(columns))
            )
        refs = kwargs.get(key) if key else None
        ids = kwargs.get("completion_ids")
        groups = _trl_groups(prompts, self.num_generations)
        out = []
        for i, (prompt, completion) in enumerate(zip(prompts, completions)):
            sample = {"prompt": prompt, "response": completion, "group": groups[i]}
            if refs is not None and refs[i] is not None:
                sample["reference"] = refs[i]
            if ids is not None and i < len(ids) and ids[i] is not None:
                sample["metadata"] = {"response_tokens": len(ids[i])}
            out.append(sample)
        return out, refs is not None

    def warn_without_reference(self, info, had_refs, kwargs):
        if had_refs or self._warned or not info.get("needs_reference"):
            return
        self._warned = True
        columns = sorted(k for k in kwargs if k not in _TRL_ARGS)
        warnings.warn(
            "rewardkit spec %r needs a reference and no dataset column is named %s (columns: %s); "
            "pass reference_key=<column>" % (self.spec, "/".join(REFERENCE_KEYS), ", ".join(columns)),
            stacklevel=3,
        )

    def report(self, results, kwargs):
        if not self.log:
            return
        log_metric, log_extra = kwargs.get("log_metric"), kwargs.get("log_extra")
        paths = []
        for r in results:
            for path in r.get("components") or {}:
                if path not in paths:
                    paths.append(path)
        for path in paths:
            values = [(r.get("components") or {}).get(path) for r in results]
            known = [v for v in values if v is not None]
            if callable(log_metric) and known:
                log_metric("rewardkit/%s/%s" % (self.spec, path), sum(known) / len(known))
            if callable(log_extra):
                log_extra("rewardkit/%s" % path, [float("nan") if v is None else v for v in values])
        if callable(log_metric) and results:
            scored = sum(1 for r in results if r.get("status") == "scored")
            log_metric("rewardkit/%s/scored_fraction" % self.spec, scored / len(results))

    def cached(self, completions):
        if self._last is not None and self._last[0] is completions:
            return self._last[1]
        return None

    def score(self, prompts, completions, kwargs):
        hit = self.cached(completions)
        if hit is not None:
            return hit
        client = _client(self.url, self.token)
        samples, had_refs = self.samples(prompts, completions, kwargs)
        self.warn_without_reference(client.spec_info(self.spec), had_refs, kwargs)
        results = client.score(self.spec, samples)
        self._last = (completions, results)
        self.report(results, kwargs)
        return results

    async def score_async(self, prompts, completions, kwargs):
        hit = self.cached(completions)
        if hit is None:
            hit = asyncio.ensure_future(self._score_async(prompts, completions, kwargs))
            self._last = (completions, hit)
        return await hit if isinstance(hit, asyncio.Future) else hit

    async def _score_async(self, prompts, completions, kwargs):
        client = _async_client(self.url, self.token)
        samples, had_refs = self.samples(prompts, completions, kwargs)
        self.warn_without_reference(await client.spec_info(self.spec), had_refs, kwargs)
        results = await client.score(self.spec, samples)
        self.report(results, kwargs)
        return results


def _pick(results, component):
    if component is None:
        return [_score_of(r, None) for r in results]
    return [(r.get("components") or {}).get(component) if r.get("status") == "scored" else None for r in results]


def _name(spec, component):
    return "rewardkit_" + (component or spec).replace("-", "_").replace(".", "_")


def _trl_function(scorer, component, is_async):
    if is_async:

        async def reward(prompts, completions, **kwargs):
            return _pick(await scorer.score_async(prompts, completions, kwargs), component)

    else:

        def reward(prompts, completions, **kwargs):
            return _pick(scorer.score(prompts, completions, kwargs), component)

    reward.__name__ = reward.__qualname__ = _name(scorer.spec, component)
    return reward


def make_trl_reward(
    spec=None, url=None, token=None, reference_key=None, component=None, is_async=False, num_generations=None, log=True
):
    """A TRL GRPOTrainer reward function: f(prompts, completions, completion_ids, **columns) -> list[float | None].

    The reference is the dataset column `reference_key` (default: the first of reference, answer, solution,
    ground_truth, label). Consecutive equal prompts form a group (TRL passes a prompt's num_generations
    completions together); len(completion_ids[i]) is sent as the token count. `component` returns that
    component instead of the total; `is_async` returns a coroutine function (TRL runs those concurrently).
    Per-component means go to log_metric, per-sample values to log_extra. Unscorable samples give None.
    """
    scorer = _TrlScorer(spec, url, token, reference_key, num_generations, log)
    return _trl_function(scorer, component, is_async)


def make_trl_rewards(spec=None, components=None, url=None, token=None, reference_key=None, is_async=False, **kwargs):
    """One TRL reward function per component (default: the root's terms), scored once per batch, so TRL's
    reward_weights and multi-objective modes see each component on its own."""
    scorer = _TrlScorer(spec, url, token, reference_key, kwargs.get("num_generations"), kwargs.get("log", True))
    if components is None:
        paths = _client(url, token).spec_info(scorer.spec)["components"]
        components = [p for p in paths[1:] if "." not in p] or paths[:1]
    return [_trl_function(scorer, c, is_async) for c in components]


def reward_func(prompts, completions, **kwargs):
    """TRL reward function for the spec in REWARDKIT_SPEC (see make_trl_reward)."""
    return _default_reward()(prompts, completions, **kwargs)


_defaults = {}


def _default_reward():
    spec = _spec(None)
    if spec not in _defaults:
        _defaults[spec] = make_trl_reward(spec)
    return _defaults[spec]
