leaks = []
for path in ("/rewardkit-attack", "/usr/rewardkit-attack", "/etc/rewardkit-attack", "/sandbox/rewardkit-attack",
             "/dev/rewardkit-attack", "/proc/rewardkit-attack", "/sandbox/main.py", "/bin/rewardkit-attack"):
    try:
        with open(path, "w") as f:
            f.write("pwned")
        leaks.append(path)
    except OSError:
        pass
print("LEAK: %s" % leaks if leaks else "blocked")
