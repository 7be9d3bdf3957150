// Bare Node http server for bench/server: reads the request body, answers a fixed JSON body. The ceiling.
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify({ results: [{ status: 'scored', score: 1 }] }));
createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stderr.write('listening\n'));
