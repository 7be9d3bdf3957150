const { spawn } = require('node:child_process');
const child = spawn('/usr/bin/sleep', ['300'], { detached: true, stdio: 'ignore' });
child.unref();
console.log('parent done');
