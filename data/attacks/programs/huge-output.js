// Written synchronously, so the flood reaches the pipe (queued writes would fill the heap first, as memory-bomb-js does).
const { writeSync } = require('node:fs');
const line = 'spam'.repeat(1000) + '\n';
for (;;) writeSync(1, line);
