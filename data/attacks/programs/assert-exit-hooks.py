# Wrong solution whose exception and exit hooks turn the failing assert into exit code 0.
import atexit
import os
import sys


def double(x):
    return x + 1


sys.excepthook = lambda *args: os._exit(0)
atexit.register(lambda: os._exit(0))
