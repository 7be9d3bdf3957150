// Bare Node http server for bench/server, the ceiling: parses the request body as JSON and answers a body the
// same size as rewardkit's (rewardkit's own results for that batch size, re-serialised per request, ids copied).
// Usage: node bare.mjs PORT TEMPLATES.json, where TEMPLATES maps a sample count to rewardkit's answer.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const templates = JSON.parse(readFileSync(process.argv[3], 'utf8'));
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const batch = JSON.parse(Buffer.concat(chunks).toString());
    const template = templates[batch.samples.length] ?? { results: [] };
    const results = batch.samples.map((s, i) => ({ ...template.results[i], id: s.id }));
    const body = JSON.stringify({ spec: batch.spec, results });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stderr.write('listening\n'));
