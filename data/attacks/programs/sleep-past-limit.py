import time
time.sleep(120)
print("woke up")
