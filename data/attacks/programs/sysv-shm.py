# System V shared memory: segments touched then detached stay allocated but count against no rlimit.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
held = 0
for _ in range(24):
    sid = libc.shmget(0, 16 << 20, 0o1600)
    if sid < 0:
        break
    p = libc.shmat(sid, None, 0)
    if p is None or p == ctypes.c_void_p(-1).value:
        break
    ctypes.memset(p, 1, 16 << 20)
    libc.shmdt(p)
    held += 16
print("held", held, flush=True)
