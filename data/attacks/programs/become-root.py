import os, subprocess
leaks = []
for attempt in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chroot("/tmp")):
    try:
        attempt()
        leaks.append(attempt)
    except OSError:
        pass
for cmd in (["/usr/bin/unshare", "-r", "true"], ["/usr/bin/mount", "-t", "tmpfs", "none", "/tmp"]):
    try:
        if subprocess.run(cmd, capture_output=True).returncode == 0:
            leaks.append(cmd[0])
    except OSError:
        pass
print("LEAK: %d" % len(leaks) if leaks else "blocked")
