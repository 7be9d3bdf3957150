import socket
try:
    print("LEAK:", socket.getaddrinfo("example.com", 80)[0][4])
except OSError:
    print("blocked")
