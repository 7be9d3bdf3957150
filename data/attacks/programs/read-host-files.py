leaks = []
for path in ("/etc/passwd", "/etc/hostname", "/root/.bashrc", "/root/.ssh/id_rsa", "/home", "/work",
             "/var/log", "/run", "/etc/resolv.conf", "/proc/1/root/etc/shadow"):
    try:
        with open(path) as f:
            f.read(1)
        leaks.append(path)
    except OSError:
        pass
print("LEAK: %s" % leaks if leaks else "blocked")
