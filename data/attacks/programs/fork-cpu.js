// Each child process gets its own RLIMIT_CPU: three Node children burn 0.8 s of CPU each.
const { spawn } = require('node:child_process');
const burn = 'const end = process.cpuUsage().user + 800000; while (process.cpuUsage().user < end) {}';
let left = 3;
for (let i = 0; i < 3; i++) {
  spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }).on('exit', () => {
    if (--left === 0) console.log('done');
  });
}
