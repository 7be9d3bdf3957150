"""Math-Verify on the same cases as bench/math/run.ts, called the way RL users call it.

Reads JSON lines {"gold", "response"} on stdin; prints one JSON summary line. Needs Math-Verify and
latex2sympy2_extended importable (MATH_VERIFY_PYTHONPATH, see docs/math.md); not part of the repo.
"""
import json
import resource
import sys
import time

from math_verify import parse, verify  # noqa: E402


def main() -> None:
    cases = [json.loads(line) for line in sys.stdin if line.strip()]
    lat = []
    correct = 0
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for c in cases:
        s = time.perf_counter()
        ok = verify(parse(c["gold"]), parse(c["response"]))
        lat.append(time.perf_counter() - s)
        correct += bool(ok)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    lat.sort()
    print(json.dumps({
        "n": len(cases),
        "wall": wall,
        "cpu": cpu,
        "p50_ms": lat[len(lat) // 2] * 1000,
        "p99_ms": lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000,
        "accepted": correct,
    }))


if __name__ == "__main__":
    main()
