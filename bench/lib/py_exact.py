"""Exact match as src/rewards/exact-match.ts scores it, in plain Python (standard library only).

Shared by bench/server/py_peer.py (the FastAPI peer) and bench/score/py_loop.py (the plain loop), so both
Python baselines do the same work: extraction order boxed, answer-tag, answer-phrase, whole; SQuAD-style
normalisation (SQuAD v1.1 evaluation script, normalize_answer).
"""

import re
import unicodedata

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
    """One sample's result as POST /v1/score answers it (no reference: unscorable)."""
    reference = s.get("reference")
    if reference is None or reference == "":
        r = {"status": "unscorable", "components": {"exact-match": None}, "code": "no-reference"}
    else:
        r = exact_match(s["response"], reference)
    return {"id": s["id"], **r} if s.get("id") is not None else r
