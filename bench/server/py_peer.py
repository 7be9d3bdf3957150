"""Python baseline for bench/server: FastAPI + uvicorn serving the same exact-match reward as rewardkit.

Usage: python3 py_baseline.py PORT. Same wire format as POST /v1/score; same extraction order
(boxed, answer-tag, answer-phrase, whole) and SQuAD-style normalisation as src/rewards/exact-match.ts.
"""

import re
import sys
import unicodedata
from typing import Any, List, Optional, Union

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

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


class Sample(BaseModel):
    id: Optional[Union[str, int]] = None
    prompt: Any
    response: str
    reference: Any = None


class Batch(BaseModel):
    spec: str
    samples: List[Sample]


app = FastAPI()


@app.post("/v1/score")
def score(batch: Batch):
    results = []
    for s in batch.samples:
        if s.reference is None or s.reference == "":
            r = {"status": "unscorable", "components": {"exact-match": None}, "code": "no-reference"}
        else:
            r = exact_match(s.response, s.reference)
        if s.id is not None:
            r = {"id": s.id, **r}
        results.append(r)
    return {"spec": batch.spec, "results": results}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
