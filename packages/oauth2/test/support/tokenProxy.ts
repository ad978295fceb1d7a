import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next refresh request. */
export type RefreshFault = 'pass' | 'fail-503' | 'hang' | 'park';

/**
 * A token endpoint in front of the real one (faults a real server cannot produce on demand): it
 * forwards everything, except that refresh requests can fail with 503, never be answered, or be
 * parked until the test releases them. `target` is set once the authorization server is known.
 */
export async function startTokenProxy() {
  let fault: RefreshFault = 'pass';
  const parked: Array<() => void> = [];
  const waiting: Array<() => void> = [];
  const proxy = {
    target: '',
    url: '',
    refreshes: 0,
    /** Where the proxy notes `refresh-answered` as it sends a refresh's answer (a test's shared log). */
    log: [] as string[],
    /** Applies to refresh requests from now on. */
    set(next: RefreshFault) {
      fault = next;
    },
    /** Resolves once a refresh request is parked. */
    parkedOne: () => new Promise<void>((resolve) => (parked.length > 0 ? resolve() : waiting.push(resolve))),
    /** Forwards every parked request. */
    release() {
      for (const go of parked.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    if (new URLSearchParams(body).get('grant_type') === 'refresh_token') {
      proxy.refreshes += 1;
      if (fault === 'fail-503') return answer(res, 503, '{"error":"temporarily_unavailable"}');
      if (fault === 'hang') return;
      if (fault === 'park') {
        await new Promise<void>((resolve) => {
          parked.push(resolve);
          for (const notify of waiting.splice(0)) notify();
        });
      }
    }
    const upstream = await fetch(proxy.target, {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization ?? ''), accept: 'application/json' },
      body,
    });
    const answerBody = await upstream.text();
    if (new URLSearchParams(body).get('grant_type') === 'refresh_token') proxy.log.push('refresh-answered');
    answer(res, upstream.status, answerBody);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return proxy;
}

export type TokenProxy = Awaited<ReturnType<typeof startTokenProxy>>;

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}
