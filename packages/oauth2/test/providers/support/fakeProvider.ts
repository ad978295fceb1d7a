/**
 * One small fake authorization server on 127.0.0.1 (port 0) for all preset tests. Each test
 * installs routes that reproduce its provider's documented expectations and quirks; every request
 * is recorded so tests can assert exactly what went over the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export type FakeRoute = (request: RecordedRequest) => FakeReply;

export interface FakeProvider {
  origin: string;
  requests: RecordedRequest[];
  /** `key` is `"<METHOD> <path>"`. */
  route(key: string, handler: FakeRoute): void;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: FakeReply): void {
  const isText = typeof reply.body === 'string' || reply.body === undefined;
  const body = isText ? ((reply.body as string | undefined) ?? '') : JSON.stringify(reply.body);
  const headers = { ...(isText ? {} : { 'content-type': 'application/json' }), ...reply.headers };
  response.writeHead(reply.status ?? 200, headers).end(body);
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const routes = new Map<string, FakeRoute>();
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
        );
        const recorded: RecordedRequest = { method: request.method ?? '', path: url.pathname, query: url.searchParams, headers, body };
        requests.push(recorded);
        const handler = routes.get(`${recorded.method} ${recorded.path}`);
        send(response, handler ? handler(recorded) : { status: 404, body: 'not found' });
      },
      () => send(response, { status: 400, body: 'bad request' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (key, handler) => void routes.set(key, handler),
    reset: () => {
      routes.clear();
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
