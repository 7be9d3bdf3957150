import os
extra = []
for fd in range(3, 1024):
    try:
        os.fstat(fd)
        extra.append(fd)
    except OSError:
        pass
print("LEAK: %s" % extra if extra else "blocked")
