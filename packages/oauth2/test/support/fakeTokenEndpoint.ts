import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse) => void;

/**
 * A token endpoint that answers what the test scripts: for faults a real server cannot produce on
 * demand (an HTML 500, a 200 carrying an error, a socket that never answers).
 */
export async function startFakeTokenEndpoint() {
  const requests: RecordedRequest[] = [];
  const script: FakeHandler[] = [];
  let fallback: FakeHandler = (_req, res) => json(res, 500, { error: 'server_error' });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      (script.shift() ?? fallback)(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    /** Answers the next requests in order. */
    next(...handlers: FakeHandler[]) {
      script.push(...handlers);
    },
    always(handler: FakeHandler) {
      fallback = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function text(res: ServerResponse, status: number, body: string, contentType = 'text/html'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/** Never answers: the client's deadline must fire. */
export const hang: FakeHandler = () => {};

export function tokenBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { access_token: `at-${Math.random().toString(36).slice(2)}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `rt-${Math.random().toString(36).slice(2)}`, scope: 'read', ...overrides };
}
