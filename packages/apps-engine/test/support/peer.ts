import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  url: string;
  /** Every request the peer received, with its body. */
  received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string }>;
  close(): Promise<void>;
}

/** A small loopback HTTP server playing a remote peer (including faulty ones a real server won't be). */
export async function startPeer(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<Peer> {
  const received: Peer['received'] = [];
  const listener: RequestListener = (request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (chunk: Buffer) => parts.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders, body });
      handler(request, response, body);
    });
  };
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
