import os
alive = []
for pid in range(1, 5000):
    try:
        os.kill(pid, 0)
        alive.append(pid)
    except OSError:
        pass
print("LEAK: %s" % alive if len(alive) > 3 else "blocked")
