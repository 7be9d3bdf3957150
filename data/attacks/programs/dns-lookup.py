import socket
import struct
import sys

# Name resolution: the system resolver, then a DNS query (RFC 1035) to the resolver the test runs on
# the host (stdin: "HOST PORT NAME"), as a host's stub resolver on 127.0.0.53 would be asked.
given = sys.stdin.read().split()
leaks = []
try:
    leaks.append("example.com %s" % socket.getaddrinfo("example.com", 80)[0][4][0])
except OSError:
    pass
if len(given) == 3:
    host, port, name = given[0], int(given[1]), given[2]
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    query = struct.pack(">HHHHHH", 0x5253, 0x0100, 1, 0, 0, 0) + labels + b"\0" + struct.pack(">HH", 1, 1)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(1)
            s.sendto(query, (host, port))
            reply = s.recv(512)
        leaks.append("%s %s" % (name, socket.inet_ntoa(reply[-4:])))
    except OSError:
        pass
print("LEAK: %s" % ", ".join(leaks) if leaks else "blocked")
