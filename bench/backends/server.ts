// The scripted backend for bench/backends, in its own process (so the bench's CPU time is the engine's):
// answers chat with rating log-probs and vLLM /pooling with a score, each after LATENCY_MS. Prints its URL.
import { chatLogprobReply, ScriptedServer } from '../../test/backends/scripted-server.js';

const latency = Number(process.env.LATENCY_MS ?? 50);
const server = await new ScriptedServer().start();
server.script((req) => {
  if (req.path === '/v1/chat/completions') {
    return { body: chatLogprobReply({ '7': Math.log(0.6), '8': Math.log(0.3), '6': Math.log(0.1) }), delayMs: latency };
  }
  if (req.path === '/pooling') {
    const score = (req.body.messages?.at(-1)?.content?.length ?? 0) / 100;
    return { body: { object: 'list', data: [{ index: 0, object: 'pooling', data: [score] }] }, delayMs: latency };
  }
  return undefined;
});
// The scripted server records every request; keep only a bounded tail so memory stays flat.
setInterval(() => server.seen.splice(0, server.seen.length - 100), 1000).unref();
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
