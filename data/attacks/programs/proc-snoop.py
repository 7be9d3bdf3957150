import os
pids = [p for p in os.listdir("/proc") if p.isdigit()]
cmds = []
for pid in pids:
    try:
        cmds.append(open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")[0].decode())
    except OSError:
        pass
foreign = [c for c in cmds if not c.endswith(("bwrap", "prlimit", "python3", "python3.11")) and c]
print("LEAK: %s" % foreign if foreign or len(pids) > 3 else "blocked")
