block = bytearray(8 << 30)
print(len(block))
