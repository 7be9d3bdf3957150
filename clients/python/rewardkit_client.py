"""Call a rewardkit server from verl, TRL, OpenRLHF scripts or plain Python. Standard library only (3.8+).

    from rewardkit_client import RewardkitClient, AsyncRewardkitClient, compute_score, compute_score_async
    from rewardkit_client import make_trl_reward, make_trl_rewards

Settings come from arguments, else REWARDKIT_URL (default http://127.0.0.1:8000), REWARDKIT_TOKEN and
REWARDKIT_SPEC (default "exact-match"). verl loads this file by path; the TRL functions are in rewardkit_trl.py
next to it (also importable from here).
"""

import asyncio
import http.client
import json
import math
import os
import ssl
import threading
import time
import urllib.parse
import warnings
import weakref

__all__ = [
    "AsyncRewardkitClient",
    "RewardkitClient",
    "RewardkitError",
    "compute_score",
    "compute_score_async",
    "make_trl_reward",
    "make_trl_rewards",
    "reward_func",
]

# Samples per HTTP request; the server's default limit is 4096.
BATCH = 1024
REFERENCE_KEYS = ("reference", "answer", "solution", "ground_truth", "label")
PROMPT_KEYS = ("prompt", "question", "problem")  # where verl datasets keep the prompt text in extra_info
GROUP_KEYS = ("uid", "group", "index")  # rollouts of one prompt share extra_info, so its index names the group
LENGTH_KEYS = ("response_tokens", "response_length")


class RewardkitError(RuntimeError):
    """The server refused a request (4xx/5xx) or could not be reached after retries."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


def _settings(url, token):
    url = (url or os.environ.get("REWARDKIT_URL") or "http://127.0.0.1:8000").rstrip("/")
    token = token if token is not None else os.environ.get("REWARDKIT_TOKEN")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RewardkitError("REWARDKIT_URL must look like http://host:port, got %r" % url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return url, token, parts.scheme == "https", parts.hostname, port, parts.path.rstrip("/")


def _headers(token, host, length=None):
    headers = {"Host": host, "Accept": "application/json", "Connection": "keep-alive"}
    if length is not None:
        headers["Content-Type"] = "application/json"
        headers["Content-Length"] = str(length)
    if token:
        headers["Authorization"] = "Bearer " + token
    return headers


def _plain(value):
    """JSON for the numpy values trainers hand over (np.int64 indices, arrays of references)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError("cannot send a %s to rewardkit" % type(value).__name__)


def _json_or_none(raw):
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _refusal(method, path, status, raw, reason):
    error = (_json_or_none(raw) or {}).get("error") or {}
    where = " (field %s)" % error["field"] if error.get("field") else ""
    return RewardkitError(
        "%s %s -> %d %s: %s%s"
        % (method, path, status, error.get("code", "error"), error.get("message", reason), where),
        status=status,
        code=error.get("code"),
    )


def _retry_after(headers):
    try:
        return min(30.0, max(0.0, float(headers.get("retry-after") or 1)))
    except ValueError:
        return 1.0


class RewardkitClient:
    """A thread-safe client with a pool of keep-alive connections. `score(spec, samples)` returns result dicts."""

    def __init__(self, url=None, token=None, timeout=180.0, retries=5, pool_size=8):
        self.url, self.token, self._https, self._host, self._port, self._base = _settings(url, token)
        self.timeout = timeout
        self.retries = retries
        self._pool_size = pool_size
        self._idle = []
        self._lock = threading.Lock()
        self._specs = None

    def _connection(self):
        with self._lock:
            if self._idle:
                return self._idle.pop()
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _give_back(self, conn):
        with self._lock:
            if len(self._idle) < self._pool_size:
                self._idle.append(conn)
                return
        conn.close()

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body, default=_plain).encode("utf-8")
        headers = _headers(self.token, self._host, None if data is None else len(data))
        for attempt in range(self.retries + 1):
            conn = self._connection()
            try:
                conn.request(method, self._base + path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as err:
                conn.close()
                if attempt < self.retries:
                    # A kept-alive connection the server closed fails at once: retry it without waiting.
                    time.sleep(0 if attempt == 0 else min(30.0, 0.5 * 2**attempt))
                    continue
                raise RewardkitError("cannot reach %s: %s" % (self.url, err)) from None
            if response.will_close:
                conn.close()
            else:
                self._give_back(conn)
            if response.status in (429, 503) and attempt < self.retries:
                time.sleep(_retry_after(response.headers))
                continue
            if response.status >= 400:
                raise _refusal(method, path, response.status, raw, response.reason)
            return json.loads(raw.decode("utf-8"))
        raise RewardkitError("unreachable")

    def score(self, spec, samples):
        """Scores samples ({prompt, response, reference?, group?, id?, metadata?}); one result dict each, in order."""
        samples = list(samples)
        results = []
        for start in range(0, len(samples), BATCH):
            body = self._request("POST", "/v1/score", {"spec": spec, "samples": samples[start : start + BATCH]})
            results.extend(body["results"])
        return results

    def specs(self):
        """The specs the server serves, with their components."""
        return self._request("GET", "/v1/specs")["specs"]

    def spec_info(self, spec):
        """One spec's entry of `specs()` (cached): name, components, needs_reference."""
        if self._specs is None or spec not in self._specs:
            self._specs = {s["name"]: s for s in self.specs()}
        if spec not in self._specs:
            raise RewardkitError("the server has no spec %r (it serves: %s)" % (spec, ", ".join(sorted(self._specs))))
        return self._specs[spec]

    def health(self):
        return self._request("GET", "/health")

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class AsyncRewardkitClient:
    """An asyncio client for one event loop: keep-alive connections, and `score_one` calls made at about the same
    time sent together as one batch (up to BATCH samples, after `linger` seconds of quiet)."""

    def __init__(self, url=None, token=None, timeout=180.0, retries=5, pool_size=16, linger=0.002):
        self.url, self.token, self._https, self._host, self._port, self._base = _settings(url, token)
        self.timeout = timeout
        self.retries = retries
        self.linger = linger
        self._idle = []
        self._slots = asyncio.Semaphore(pool_size)
        self._pending = {}  # spec -> [(sample, future)]
        self._timers = {}
        self._groups = {}  # (spec, group) -> [(sample, future)], held until the group is complete
        self._specs = None

    async def _open(self):
        context = ssl.create_default_context() if self._https else None
        return await asyncio.open_connection(self._host, self._port, ssl=context)

    async def _exchange(self, streams, method, path, data):
        reader, writer = streams
        head = "%s %s HTTP/1.1\r\n" % (method, self._base + path)
        head += "".join("%s: %s\r\n" % kv for kv in _headers(self.token, self._host, len(data or b"")).items())
        writer.write(head.encode("latin-1") + b"\r\n" + (data or b""))
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers, body, headers.get("connection", "").lower() == "close"

    async def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body, default=_plain).encode("utf-8")
        for attempt in range(self.retries + 1):
            async with self._slots:
                streams = self._idle.pop() if self._idle else None
                try:
                    if streams is None:
                        streams = await self._open()
                    status, headers, raw, closing = await asyncio.wait_for(
                        self._exchange(streams, method, path, data), self.timeout
                    )
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError) as err:
                    if streams is not None:
                        streams[1].close()
                    if attempt < self.retries:
                        await asyncio.sleep(0 if attempt == 0 else min(30.0, 0.5 * 2**attempt))
                        continue
                    raise RewardkitError("cannot reach %s: %s" % (self.url, err)) from None
                if closing:
                    streams[1].close()
                else:
                    self._idle.append(streams)
            if status in (429, 503) and attempt < self.retries:
                await asyncio.sleep(_retry_after(headers))
                continue
            if status >= 400:
                raise _refusal(method, path, status, raw, "HTTP %d" % status)
            return json.loads(raw.decode("utf-8"))
        raise RewardkitError("unreachable")

    async def score(self, spec, samples):
        """Scores samples in batches of BATCH, sent concurrently; one result dict per sample, in order."""
        samples = list(samples)
        batches = [samples[i : i + BATCH] for i in range(0, len(samples), BATCH)]
        bodies = await asyncio.gather(
            *(self._request("POST", "/v1/score", {"spec": spec, "samples": b}) for b in batches)
        )
        return [r for body in bodies for r in body["results"]]

    async def spec_info(self, spec):
        if self._specs is None or spec not in self._specs:
            self._specs = {s["name"]: s for s in (await self._request("GET", "/v1/specs"))["specs"]}
        if spec not in self._specs:
            raise RewardkitError("the server has no spec %r (it serves: %s)" % (spec, ", ".join(sorted(self._specs))))
        return self._specs[spec]

    def score_one(self, spec, sample, group_size=None, group_wait=5.0):
        """Scores one sample, batched with the other calls of this moment. With `group_size`, a sample with a
        `group` waits (up to `group_wait` s) until its whole group has arrived, so group rewards see it whole."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        group = sample.get("group")
        if group_size and group is not None:
            key = (spec, group)
            members = self._groups.setdefault(key, [])
            members.append((sample, future))
            if len(members) >= group_size:
                self._release_group(key, members)
            elif len(members) == 1:
                # The timer releases this list only: a later group under the same id keeps its own wait.
                loop.call_later(group_wait, self._release_group, key, members)
        else:
            self._enqueue(spec, [(sample, future)])
        return future

    def _release_group(self, key, members):
        if self._groups.get(key) is members:
            del self._groups[key]
            self._enqueue(key[0], members)

    def _enqueue(self, spec, items):
        pending = self._pending.setdefault(spec, [])
        pending.extend(items)
        if len(pending) >= BATCH:
            self._flush(spec)
        elif spec not in self._timers:
            self._timers[spec] = asyncio.get_running_loop().call_later(self.linger, self._flush, spec)

    def _flush(self, spec):
        timer = self._timers.pop(spec, None)
        if timer is not None:
            timer.cancel()
        items = self._pending.pop(spec, [])
        if items:
            asyncio.ensure_future(self._send(spec, items))

    async def _send(self, spec, items):
        try:
            results = await self.score(spec, [sample for sample, _ in items])
        except Exception as err:  # noqa: BLE001 - handed to every waiting caller
            for _, future in items:
                if not future.done():
                    future.set_exception(err)
            return
        for (_, future), result in zip(items, results):
            if not future.done():
                future.set_result(result)

    async def close(self):
        idle, self._idle = self._idle, []
        for _, writer in idle:
            writer.close()


_clients = {}
_clients_lock = threading.Lock()
_async_clients = weakref.WeakKeyDictionary()  # event loop -> {(url, token): AsyncRewardkitClient}


def _client(url, token):
    key = (url, token)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = RewardkitClient(url=url, token=token)
        return _clients[key]


def _async_client(url, token):
    per_loop = _async_clients.setdefault(asyncio.get_running_loop(), {})
    if (url, token) not in per_loop:
        per_loop[(url, token)] = AsyncRewardkitClient(url=url, token=token)
    return per_loop[(url, token)]


def _spec(spec):
    return spec or os.environ.get("REWARDKIT_SPEC") or "exact-match"


def _score_of(result, unscored):
    return result["score"] if result.get("status") == "scored" else unscored


# ---- verl ------------------------------------------------------------------------------------------------------


def _specs_map(specs):
    if specs is None:
        specs = os.environ.get("REWARDKIT_SPECS") or None
    if isinstance(specs, str):
        specs = json.loads(specs)
    return dict(specs) if specs else {}


def _spec_for(data_source, spec, specs):
    """The spec for a verl data_source: `specs[data_source]`, else `specs[<after the last '/'>]`, else `spec`."""
    if specs and data_source is not None:
        source = str(data_source)
        for key in (source, source.rsplit("/", 1)[-1]):
            if key in specs:
                return specs[key]
        if spec is None:
            raise RewardkitError(
                "no spec for data_source %r: add it to reward_kwargs.specs (has: %s) or set reward_kwargs.spec"
                % (source, ", ".join(sorted(specs)))
            )
    return _spec(spec)


def _verl_sample(data_source, solution_str, ground_truth, extra_info):
    info = extra_info if isinstance(extra_info, dict) else {}
    prompt = next((info[k] for k in PROMPT_KEYS if isinstance(info.get(k), (str, list))), "")
    sample = {"prompt": prompt, "response": solution_str}
    if ground_truth is not None:
        sample["reference"] = ground_truth
    group = next((info[k] for k in GROUP_KEYS if info.get(k) is not None), None)
    group = group.item() if hasattr(group, "item") else group  # numpy scalars from a parquet dataset
    if isinstance(group, (str, int, float)) and not isinstance(group, bool):
        sample["group"] = "%s:%s" % (data_source, group)
    tokens = next((info[k] for k in LENGTH_KEYS if info.get(k) is not None), None)
    tokens = tokens.item() if hasattr(tokens, "item") else tokens
    tokens = tokens if isinstance(tokens, (int, float)) else None
    if tokens is not None and not isinstance(tokens, bool):
        sample["metadata"] = {"response_tokens": tokens}
    return sample


def _spec_names(spec, specs):
    """Every spec a call can use, sorted: the `specs` table's, and `spec` (or the default) when set or no table."""
    return sorted(set(specs.values()) | ({_spec(spec)} if spec or not specs else set()))


def _dict_keys(components_of, spec_names):
    keys = ["score", "scored"]
    for name in spec_names:
        for path in components_of(name):
            if path not in keys:
                keys.append(path)
    return keys


def _verl_value(result, unscored, keys):
    """A float, or with `keys` a dict with exactly those keys (verl takes the keys from the first sample)."""
    score = _score_of(result, unscored)
    if keys is None:
        return float(score)
    components = result.get("components") or {}
    out = {"score": float(score), "scored": result.get("status") == "scored"}
    for path in keys[2:]:
        value = components.get(path)
        out[path] = float("nan") if value is None else float(value)
    return out


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
    specs=None,
    url=None,
    token=None,
    unscored=0.0,
    return_dict=False,
    **kwargs,
):
    """verl custom reward function (`reward.custom_reward_function.name=compute_score`), single or batch form.

    Single: compute_score(data_source, solution_str, ground_truth, extra_info) -> float.
    Batch (reward manager "batch"): compute_score(data_sources=, solution_strs=, ground_truths=, extra_infos=)
    -> list. Options come from reward.custom_reward_function.reward_kwargs: spec, specs (data_source -> spec),
    url, token, unscored (default 0.0, for a sample the server could not score), return_dict (each value a dict
    {"score", "scored", <every component>}: the same keys for every sample, NaN where a component did not score).
    """
    client = _client(url, token)
    table = _specs_map(specs)
    names = _spec_names(spec, table)

    def components(name):
        return client.spec_info(name)["components"]

    keys = _dict_keys(components, names) if return_dict else None
    if solution_strs is None:
        name = _spec_for(data_source, spec, table)
        result = client.score(name, [_verl_sample(data_source, solution_str, ground_truth, extra_info)])[0]
        return _verl_value(result, unscored, keys)
    n = len(solution_strs)
    sources = list(data_sources) if data_sources is not None else [None] * n
    refs = list(ground_truths) if ground_truths is not None else [None] * n
    infos = list(extra_infos) if extra_infos is not None else [None] * n
    by_spec = {}
    for i in range(n):
        by_spec.setdefault(_spec_for(sources[i], spec, table), []).append(i)
    out = [None] * n
    for name, indices in by_spec.items():
        samples = [_verl_sample(sources[i], solution_strs[i], refs[i], infos[i]) for i in indices]
        for i, result in zip(indices, client.score(name, samples)):
            out[i] = _verl_value(result, unscored, keys)
    return out


async def compute_score_async(
    data_source=None,
    solution_str=None,
    ground_truth=None,
    extra_info=None,
    spec=None,
    specs=None,
    url=None,
    token=None,
    unscored=0.0,
    return_dict=False,
    group_size=None,
    group_wait=5.0,
    **kwargs,
):
    """verl's reward loop, async (`reward.custom_reward_function.name=compute_score_async`): the calls of one
    step share keep-alive connections and go out as batches. `group_size` (= actor_rollout_ref.rollout.n) holds
    a sample until its group (extra_info uid/index) is complete (at most `group_wait` s), for group-level specs.
    Other options as
    compute_score."""
    client = _async_client(url, token)
    table = _specs_map(specs)
    name = _spec_for(data_source, spec, table)
    keys = None
    if return_dict:
        names = _spec_names(spec, table)
        infos = [await client.spec_info(n) for n in names]
        keys = _dict_keys(lambda n: next(i["components"] for i in infos if i["name"] == n), names)
    sample = _verl_sample(data_source, solution_str, ground_truth, extra_info)
    result = await client.score_one(name, sample, group_size=group_size, group_wait=group_wait)
    return _verl_value(result, unscored, keys)


def __getattr__(name):
    # The TRL functions live in rewardkit_trl.py (same folder); `from rewardkit_client import make_trl_reward` works.
    if name in ("make_trl_reward", "make_trl_rewards", "reward_func"):
        import rewardkit_trl

        return getattr(rewardkit_trl, name)
    raise AttributeError("module 'rewardkit_client' has no attribute %r" % name)
