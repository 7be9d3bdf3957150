# Each forked worker gets its own RLIMIT_CPU: four workers burn 0.9 s each, 3.6 s in all.
import os
import time


def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        burn(0.9)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print("done", flush=True)
