# Wrong solution that raises SystemExit(0) at module level, before the asserts.
import sys


def double(x):
    return x + 1


sys.exit(0)
