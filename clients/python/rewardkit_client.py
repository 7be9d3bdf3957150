"""Call a rewardkit server from verl, TRL or plain Python. Standard library only.

    from rewardkit_client import RewardkitClient, compute_score, make_trl_reward

Settings come from arguments, else REWARDKIT_URL (default http://127.0.0.1:8000),
REWARDKIT_TOKEN and REWARDKIT_SPEC (default "exact-match").
"""

import json
import os
import time
import urllib.error
import urllib.request

__all__ = ["RewardkitClient", "RewardkitError", "compute_score", "make_trl_reward", "reward_func"]

# Samples per HTTP request; the server's default limit is 4096.
BATCH = 1024
REFERENCE_KEYS = ("reference", "answer", "solution", "ground_truth", "label")


class RewardkitError(RuntimeError):
    """The server refused a request (4xx/5xx) or could not be reached after retries."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


class RewardkitClient:
    """A connection to one server. `score(spec, samples)` returns one result dict per sample, in order."""

    def __init__(self, url=None, token=None, timeout=180.0, retries=5):
        self.url = (url or os.environ.get("REWARDKIT_URL") or "http://127.0.0.1:8000").rstrip("/")
        self.token = token if token is not None else os.environ.get("REWARDKIT_TOKEN")
        self.timeout = timeout
        self.retries = retries

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"content-type": "application/json"} if data is not None else {}
        if self.token:
            headers["authorization"] = "Bearer " + self.token
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as err:
                payload = _json_or_none(err.read())
                error = (payload or {}).get("error", {})
                if err.code in (429, 503) and attempt < self.retries:
                    time.sleep(min(30.0, float(err.headers.get("retry-after") or 1)))
                    continue
                where = " (field %s)" % error["field"] if error.get("field") else ""
                raise RewardkitError(
                    "%s %s -> %d %s: %s%s"
                    % (method, path, err.code, error.get("code", "error"), error.get("message", err.reason), where),
                    status=err.code,
                    code=error.get("code"),
                ) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
                if attempt < self.retries:
                    time.sleep(min(30.0, 0.5 * 2**attempt))
                    continue
                raise RewardkitError("cannot reach %s: %s" % (self.url, err)) from None
        raise RewardkitError("unreachable")

    def score(self, spec, samples):
        """Scores samples ({prompt, response, reference?, group?, id?}); returns the server's result dicts."""
        samples = list(samples)
        results = []
        for start in range(0, len(samples), BATCH):
            body = self._request("POST", "/v1/score", {"spec": spec, "samples": samples[start : start + BATCH]})
            results.extend(body["results"])
        return results

    def specs(self):
        """The specs the server serves, with their components."""
        return self._request("GET", "/v1/specs")["specs"]

    def health(self):
        return self._request("GET", "/health")


def _json_or_none(raw):
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


_clients = {}


def _client(url, token):
    key = (url, token)
    if key not in _clients:
        _clients[key] = RewardkitClient(url=url, token=token)
    return _clients[key]


def _spec(spec):
    return spec or os.environ.get("REWARDKIT_SPEC") or "exact-match"


def _score_of(result, unscored):
    return result["score"] if result.get("status") == "scored" else unscored


def _verl_sample(solution_str, ground_truth, extra_info):
    prompt = extra_info.get("prompt", "") if isinstance(extra_info, dict) else ""
    sample = {"prompt": prompt if isinstance(prompt, (str, list)) else str(prompt), "response": solution_str}
    if ground_truth is not None:
        sample["reference"] = ground_truth
    return sample


def compute_score(
    data_source=None,
    solution_str=None,
    ground_truth=None,
    extra_info=None,
    data_sources=None,
    solution_strs=None,
    ground_truths=None,
    extra_infos=None,
    spec=None,
    url=None,
    token=None,
    unscored=0.0,
    return_dict=False,
    **kwargs,
):
    """verl custom reward function, single or batch form.

    Single: compute_score(data_source, solution_str, ground_truth, extra_info) -> float.
    Batch (verl's BatchRewardManager): compute_score(data_sources=..., solution_strs=..., ground_truths=...,
    extra_infos=...) -> list of floats. Pass spec/url/token through custom_reward_function.reward_kwargs.
    A sample the server could not score gets `unscored` (default 0.0). With return_dict=True each score
    is a dict {"score", "scored", <component>: value} (verl logs the extra keys).
    """
    client = _client(url, token)
    if solution_strs is not None:
        n = len(solution_strs)
        refs = ground_truths if ground_truths is not None else [None] * n
        infos = extra_infos if extra_infos is not None else [None] * n
        samples = [_verl_sample(s, g, e) for s, g, e in zip(solution_strs, refs, infos)]
        results = client.score(_spec(spec), samples)
        return [_verl_value(r, unscored, return_dict) for r in results]
    result = client.score(_spec(spec), [_verl_sample(solution_str, ground_truth, extra_info)])[0]
    return _verl_value(result, unscored, return_dict)


def _verl_value(result, unscored, return_dict):
    score = _score_of(result, unscored)
    if not return_dict:
        return score
    out = {"score": score, "scored": result.get("status") == "scored"}
    for path, value in (result.get("components") or {}).items():
        out[path] = unscored if value is None else value
    return out


def make_trl_reward(spec=None, url=None, token=None, reference_key=None):
    """A TRL GRPOTrainer reward function for one spec: f(prompts, completions, **columns) -> list[float | None].

    The reference comes from the dataset column `reference_key` (default: the first of reference, answer,
    solution, ground_truth, label present). Unscorable samples give None, which TRL masks out.
    """
    name = _spec(spec)

    def reward(prompts, completions, **kwargs):
        key = reference_key or next((k for k in REFERENCE_KEYS if k in kwargs), None)
        refs = kwargs.get(key) if key else None
        samples = []
        for i, (prompt, completion) in enumerate(zip(prompts, completions)):
            sample = {"prompt": prompt, "response": completion}
            if refs is not None and refs[i] is not None:
                sample["reference"] = refs[i]
            samples.append(sample)
        results = _client(url, token).score(name, samples)
        return [_score_of(r, None) for r in results]

    reward.__name__ = "rewardkit_" + name.replace("-", "_").replace(".", "_")
    return reward


def reward_func(prompts, completions, **kwargs):
    """TRL reward function for the spec in REWARDKIT_SPEC (see make_trl_reward)."""
    return make_trl_reward()(prompts, completions, **kwargs)
