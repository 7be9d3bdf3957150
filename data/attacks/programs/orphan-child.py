import os, time
if os.fork() == 0:
    os.setsid()
    time.sleep(300)
    os._exit(0)
print("parent done")
