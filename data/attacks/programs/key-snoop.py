# Reads /proc/keys while key-plant runs beside it: with a shared uid, the other run's key is listed.
import time

seen = False
for _ in range(20):
    try:
        if "rk-planted-key" in open("/proc/keys").read():
            seen = True
            break
    except OSError:
        pass
    time.sleep(0.1)
print("seen rk-planted-key" if seen else "blocked", flush=True)
