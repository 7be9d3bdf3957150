// Baseline for the score bench: parse and re-serialise every line of the same file, nothing else.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const out = [];
for await (const line of createInterface({ input: createReadStream(process.argv[2]) })) {
  const value = JSON.parse(line);
  out.push(JSON.stringify({ id: value.id, status: 'scored', score: 0 }));
  if (out.length >= 256) {
    process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  }
}
process.stdout.write(`${out.join('\n')}\n`);
