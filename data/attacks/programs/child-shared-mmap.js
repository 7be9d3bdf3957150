// A Node program (capped by RLIMIT_DATA only) starts Python, whose shared anonymous mapping no rlimit it inherited counts.
const { spawnSync } = require('node:child_process');
const code = [
  'import mmap',
  'm = mmap.mmap(-1, 384 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)',
  'for i in range(0, len(m), 4096): m[i] = 1',
  'print("held", 384, flush=True)',
].join('\n');
const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
process.stdout.write(r.stdout || '');
