import socket
import sys

# Host services on 127.0.0.1: the usual ports, and the one the test listens on (stdin: "HOST PORT").
given = sys.stdin.read().split()
targets = [("127.0.0.1", p) for p in (22, 80, 443, 3000, 8080, 11434)]
if len(given) == 2:
    targets.insert(0, (given[0], int(given[1])))
leaks = []
for target in targets:
    try:
        with socket.create_connection(target, timeout=1) as s:
            s.settimeout(1)
            said = s.recv(64).decode(errors="replace").strip()
        leaks.append("%s:%d %s" % (target[0], target[1], said))
    except OSError:
        pass
print("LEAK: %s" % ", ".join(leaks) if leaks else "blocked")
