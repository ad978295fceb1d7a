import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedTokenEndpoint {
  /** `http://127.0.0.1:<port>/token` */
  tokenUrl: string;
  origin: string;
  /** Token requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export const CANNED_TOKEN = {
  access_token: 'bench-access-token-0123456789abcdefghijklmnopqrstuvwxyz',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'bench-refresh-token-0123456789abcdefghijklmnopqrstuvwxyz',
  scope: 'read',
};

/** A fast token endpoint: drains the request body and answers the same token JSON every time. */
export async function startCannedTokenEndpoint(body: object = CANNED_TOKEN): Promise<CannedTokenEndpoint> {
  const payload = Buffer.from(JSON.stringify(body));
  let requests = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length, 'cache-control': 'no-store' });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tokenUrl: `${origin}/token`,
    origin,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
