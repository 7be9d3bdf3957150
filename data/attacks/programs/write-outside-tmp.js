const fs = require('node:fs');
const leaks = [];
for (const p of ['/rewardkit-attack-js', '/usr/rewardkit-attack-js', '/sandbox/main.js', '/etc/rewardkit-attack-js']) {
  try {
    fs.writeFileSync(p, 'pwned');
    leaks.push(p);
  } catch {}
}
console.log(leaks.length ? `LEAK: ${leaks}` : 'blocked');
