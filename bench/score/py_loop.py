"""Plain Python baseline for bench/score: the loop a script would write to score a JSONL file by exact match.

Usage: /usr/bin/python3 py_loop.py IN.jsonl. Reads each line with json.loads, scores it with bench/lib/py_exact.py
(the same logic as the server bench's Python peer), writes one json.dumps line per input line ({id, line, ...result}
as `rewardkit score` writes) to stdout. At exit prints peak RSS (KiB) and CPU time (us) on stderr, in the format
bench/lib/rss-preload.mjs uses for Node children.
"""

import json
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from py_exact import exact_match  # noqa: E402


def main(path):
    out = []
    write = sys.stdout.write
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            s = json.loads(text)
            result = {"id": s.get("id"), "line": n, **exact_match(s["response"], s["reference"])}
            out.append(json.dumps(result))
            if len(out) >= 256:
                write("\n".join(out) + "\n")
                out.clear()
    if out:
        write("\n".join(out) + "\n")
    sys.stdout.flush()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_us = round((usage.ru_utime + usage.ru_stime) * 1e6)
    sys.stderr.write(f"\n@@maxrss {usage.ru_maxrss} @@cpu {cpu_us}\n")


if __name__ == "__main__":
    main(sys.argv[1])
