// The scripted judge for bench/judges, in its own process (the bench's CPU time is the engine's): answers every
// judge template with a well-formed verdict after LATENCY_MS. Prints its URL.
import { ScriptedServer } from '../../test/backends/scripted-server.js';
import { anyVerdict } from '../../test/judges/scripted-judge.js';

const latency = Number(process.env.LATENCY_MS ?? 50);
const server = await new ScriptedServer().start();
server.script((req) => (req.path === '/v1/chat/completions' ? { ...anyVerdict(req), delayMs: latency } : undefined));
setInterval(() => server.seen.splice(0, server.seen.length - 100), 1000).unref();
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
