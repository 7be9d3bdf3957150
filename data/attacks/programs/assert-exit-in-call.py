# Wrong solution that exits 0 from inside the function the asserts call.
import sys


def double(x):
    sys.exit(0)
