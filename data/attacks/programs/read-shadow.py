try:
    print("LEAK:", open("/etc/shadow").read()[:80])
except OSError:
    print("blocked")
