// Preloaded into benchmarked child processes: reports peak RSS (KiB) and CPU time (µs) on stderr at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\n@@maxrss ${usage.maxRSS} @@cpu ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
