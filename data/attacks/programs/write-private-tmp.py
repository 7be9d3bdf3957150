with open("/tmp/rewardkit-attack-marker", "w") as f:
    f.write("pwned")
print("written")
