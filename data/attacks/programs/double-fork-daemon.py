import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(1)
        os.close(2)
        time.sleep(300)
    os._exit(0)
os.wait()
print("parent done")
