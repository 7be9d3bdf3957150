import socket
leaks = []
for path in ("/proc/sys/kernel/hostname", "/proc/sysrq-trigger", "/sys/kernel/mm/transparent_hugepage/enabled"):
    try:
        with open(path, "w") as f:
            f.write("x")
        leaks.append(path)
    except OSError:
        pass
for dev in ("/dev/mem", "/dev/kmsg", "/dev/sda", "/dev/vda"):
    try:
        open(dev, "rb").read(1)
        leaks.append(dev)
    except OSError:
        pass
try:
    socket.sethostname("pwned")
    leaks.append("hostname")
except (OSError, AttributeError):
    pass
try:
    socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    leaks.append("raw socket")
except OSError:
    pass
print("LEAK: %s" % leaks if leaks else "blocked")
