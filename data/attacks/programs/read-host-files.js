const fs = require('node:fs');
const leaks = [];
for (const p of ['/etc/shadow', '/etc/passwd', '/root', '/work', '/home', '/var/log']) {
  try {
    fs.readFileSync(p);
    leaks.push(p);
  } catch {}
}
// pid 1 is the sandbox's own init: readable, but it must hold nothing from the host.
const environ = fs.readFileSync('/proc/1/environ', 'utf8');
if (environ.includes('REWARDKIT_ATTACK_SECRET')) leaks.push('/proc/1/environ');
console.log(leaks.length ? `LEAK: ${leaks}` : 'blocked');
