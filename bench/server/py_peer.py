"""Python peer for bench/server, written the way OpenRLHF's openrlhf/cli/serve_rm.py serves rewards.

FastAPI `async def` route, `await request.json()`, `JSONResponse`, uvicorn with uvloop and httptools (what
`uvicorn[standard]` installs; here Debian's python3-uvicorn, python3-fastapi, python3-uvloop, python3-httptools,
so run it with /usr/bin/python3). Usage: /usr/bin/python3 py_peer.py PORT. Same wire format as POST /v1/score;
same extraction order (boxed, answer-tag, answer-phrase, whole) and SQuAD-style normalisation as
src/rewards/exact-match.ts. Prints the event loop and HTTP parser it runs with on stderr, then "listening".
"""

import re
import sys
import unicodedata

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

THINK = re.compile(r"<think>[\s\S]*?</think>")
THINK_OPEN = re.compile(r"<think>[\s\S]*$")
ANSWER_TAG = re.compile(r"<answer>([\s\S]*?)</answer>")
PHRASE = re.compile(r"\b(?:final answer|the answer|answer)\s*(?:is\b|:|=)\s*:?\s*(.+?)\s*(?:$|\n)", re.I)
BOXED = re.compile(r"\\(?:boxed|fbox)\s*(\{|\s+)")
ARTICLES = re.compile(r"\b(a|an|the)\b")


def strip_thinking(text):
    return THINK_OPEN.sub("", THINK.sub("", text))


def last_boxed(text):
    found = None
    pos = 0
    while True:
        m = BOXED.search(text, pos)
        if not m:
            return found
        start = m.end()
        if m.group(1) == "{":
            depth, i = 1, start
            while i < len(text) and depth > 0:
                ch = text[i]
                if ch == "\\":
                    i += 1
                elif ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                i += 1
            if depth == 0:
                found = text[start : i - 1].strip()
            pos = i
        else:
            token = re.match(r"[^\s$]+", text[start:])
            if token:
                found = token.group(0)
            pos = start


def answer_tag(text):
    matches = ANSWER_TAG.findall(strip_thinking(text))
    return matches[-1].strip() if matches else None


def answer_phrase(text):
    matches = PHRASE.findall(strip_thinking(text))
    if not matches:
        return None
    value = re.sub(r"[.。]+$", "", re.sub(r"^\*+|\*+$", "", matches[-1])).strip()
    return value or None


RULES = [
    ("boxed", last_boxed),
    ("answer-tag", answer_tag),
    ("answer-phrase", answer_phrase),
    ("whole", lambda t: strip_thinking(t).strip() or None),
]


def normalize(text):
    s = unicodedata.normalize("NFKC", text).lower()
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] not in "PS")
    s = ARTICLES.sub(" ", s)
    return " ".join(s.split())


def exact_match(response, reference):
    for rule, extract in RULES:
        value = extract(response)
        if value:
            break
    else:
        return {"status": "scored", "score": 0, "components": {"exact-match": 0}, "details": {"reason": "no-answer"}}
    refs = reference if isinstance(reference, list) else [reference]
    refs = [normalize(str(r)) for r in refs]
    answer = normalize(value)
    matched = refs.index(answer) if answer in refs else -1
    score = 1 if matched >= 0 else 0
    details = {"extracted": value, "rule": rule, "normalized": answer, "matched": matched}
    return {"status": "scored", "score": score, "components": {"exact-match": score}, "details": details}


def score_sample(s):
    reference = s.get("reference")
    if reference is None or reference == "":
        r = {"status": "unscorable", "components": {"exact-match": None}, "code": "no-reference"}
    else:
        r = exact_match(s["response"], reference)
    return {"id": s["id"], **r} if s.get("id") is not None else r


app = FastAPI()


@app.post("/v1/score")
async def score(request: Request):
    data = await request.json()
    results = [score_sample(s) for s in data.get("samples")]
    return JSONResponse({"spec": data.get("spec"), "results": results})


if __name__ == "__main__":
    import httptools
    import uvloop

    versions = f"uvicorn {uvicorn.__version__}, uvloop {uvloop.__version__}, httptools {httptools.__version__}"
    print(f"peer: loop=uvloop http=httptools ({versions})", file=sys.stderr, flush=True)
    uvicorn.run(
        app, host="127.0.0.1", port=int(sys.argv[1]), loop="uvloop", http="httptools", log_level="warning", access_log=False
    )
