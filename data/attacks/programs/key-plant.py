# Adds a kernel key to its user keyring and stays alive, for key-snoop to look for.
import ctypes
import time

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY = 248  # x86_64
KEY_SPEC_USER_KEYRING = -4
r = libc.syscall(ADD_KEY, b"user", b"rk-planted-key", b"secret-payload", 14, ctypes.c_int(KEY_SPEC_USER_KEYRING))
print("planted" if r > 0 else f"add_key failed {ctypes.get_errno()}", flush=True)
time.sleep(3)
