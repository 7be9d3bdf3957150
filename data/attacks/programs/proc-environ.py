import os
seen = []
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            seen.append(open("/proc/%s/environ" % pid, "rb").read().decode(errors="replace"))
        except OSError:
            pass
print(seen)
