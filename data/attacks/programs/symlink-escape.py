import os
leaks = []
for target in ("/etc/shadow", "/proc/1/root/etc/shadow", "/proc/self/root/../../etc/shadow", "/proc/1/cwd/../../../etc/passwd"):
    link = "/tmp/link-%d" % len(leaks + [0]) + str(abs(hash(target)))
    try:
        os.symlink(target, link)
        with open(link) as f:
            f.read(1)
        leaks.append(target)
    except OSError:
        pass
print("LEAK: %s" % leaks if leaks else "blocked")
