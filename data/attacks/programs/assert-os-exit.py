# Wrong solution that leaves before the appended asserts can fail.
import os


def double(x):
    return x + 1


os._exit(0)
