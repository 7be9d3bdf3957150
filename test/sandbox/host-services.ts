// Real services on the host's loopback for the network attacks to reach: a TCP service, an HTTP server
// and a DNS resolver (UDP), each answering with a fresh token and counting who reached it. A network
// attack gets their addresses on stdin; unsandboxed it prints the token, sandboxed it must not get there.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';

export type HostServiceKind = 'tcp' | 'http' | 'dns';

/** One listening service: what the attack reads on stdin, what reaching it prints, how often it was reached. */
export interface HostService {
  stdin: string;
  /** The answer only a program that reached the service can print. */
  token: string;
  hits: number;
}

/** The name the resolver answers; `.invalid` never resolves anywhere else (RFC 6761). */
export const RESOLVED_NAME = 'leak.rewardkit.invalid';

/** A DNS reply to `query` with one A record for its question (RFC 1035 §4.1). */
function dnsAnswer(query: Buffer, address: string): Buffer {
  let end = 12;
  while (end < query.length && query[end] !== 0) end += (query[end] ?? 0) + 1;
  const question = query.subarray(12, end + 5); // labels, root, QTYPE, QCLASS
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); // response, recursion available, no error
  header.writeUInt16BE(1, 6); // one answer
  const answer = Buffer.alloc(16);
  answer.writeUInt16BE(0xc00c, 0); // name: pointer to the question
  answer.writeUInt16BE(1, 2); // A
  answer.writeUInt16BE(1, 4); // IN
  answer.writeUInt32BE(60, 6); // TTL
  answer.writeUInt16BE(4, 10);
  for (const [i, octet] of address.split('.').entries()) answer[12 + i] = Number(octet);
  return Buffer.concat([header, question, answer]);
}

/** Starts one service of each kind on 127.0.0.1; `close` stops them. */
export async function startHostServices(): Promise<{
  services: Record<HostServiceKind, HostService>;
  close: () => Promise<void>;
}> {
  const token = () => `token-${randomBytes(6).toString('hex')}`;
  const tcp: HostService = { stdin: '', token: token(), hits: 0 };
  const http: HostService = { stdin: '', token: token(), hits: 0 };
  // TEST-NET-2 (RFC 5737): an address the answer alone can carry.
  const dns: HostService = { stdin: '', token: `198.51.100.${1 + (randomBytes(1)[0]! % 254)}`, hits: 0 };

  const tcpServer: Server = createTcpServer((socket) => {
    tcp.hits++;
    socket.end(`${tcp.token}\n`);
  });
  const httpServer = createHttpServer((_req, res) => {
    http.hits++;
    res.end(http.token);
  });
  const resolver: Socket = createSocket('udp4');
  resolver.on('message', (query, from) => {
    dns.hits++;
    resolver.send(dnsAnswer(query, dns.token), from.port, from.address);
  });

  const listen = (server: Server | ReturnType<typeof createHttpServer>) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const tcpPort = await listen(tcpServer);
  const httpPort = await listen(httpServer);
  const dnsPort = await new Promise<number>((resolve) =>
    resolver.bind(0, '127.0.0.1', () => resolve(resolver.address().port)),
  );
  tcp.stdin = `127.0.0.1 ${tcpPort}\n`;
  http.stdin = `http://127.0.0.1:${httpPort}/\n`;
  dns.stdin = `127.0.0.1 ${dnsPort} ${RESOLVED_NAME}\n`;

  const close = async () => {
    httpServer.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => tcpServer.close(resolve)),
      new Promise((resolve) => httpServer.close(resolve)),
      new Promise((resolve) => resolver.close(() => resolve(undefined))),
    ]);
  };
  return { services: { tcp, http, dns }, close };
}
