# Empty files cost no tmpfs bytes but each holds kernel memory (inode, dentry): flood /tmp with them.
import os

made = 0
try:
    os.mkdir("/tmp/flood")
    for i in range(400_000):
        os.close(os.open(f"/tmp/flood/{i}", os.O_CREAT | os.O_WRONLY, 0o600))
        made += 1
except OSError:
    pass
print("files", made, flush=True)
