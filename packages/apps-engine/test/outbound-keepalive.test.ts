import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { App, HttpTransportError, type IPlugboardHttp } from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

// The outbound IHttp keeps connections alive (a TLS handshake per token request is the largest cost
// against an HTTPS token endpoint). These tests check that reuse happens, that it is bounded and
// ends with the host, and that the deadline, the size cap and the redirect rules hold on reused sockets.
// undici hands a connection back one event-loop turn after its answer ended (it first checks that the
// server did not close it): a request sent in that same turn opens another connection. The sequential
// requests below wait that turn (`turn()`), so that each one can reuse the previous one's connection.

class PlainApp extends App {}

/** A loopback server that counts the connections it accepted and keeps the open ones. */
interface CountingPeer {
  url: string;
  connections: number;
  open: Set<Socket>;
  requests: number;
  close(): Promise<void>;
}

const TLS_DIR = new URL('./support/tls/', import.meta.url);

async function countingPeer(handler: (request: IncomingMessage, response: ServerResponse) => void, tls = false): Promise<CountingPeer> {
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    peer.requests += 1;
    request.resume();
    request.on('end', () => handler(request, response));
  };
  const server: Server = tls ? createHttpsServer({ key: readFileSync(new URL('server.key', TLS_DIR)), cert: readFileSync(new URL('server.pem', TLS_DIR)) }, listener) : createHttpServer(listener);
  const peer: CountingPeer = {
    url: '',
    connections: 0,
    open: new Set(),
    requests: 0,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    peer.connections += 1;
    peer.open.add(socket);
    socket.on('close', () => peer.open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peers.push(peer);
  return peer;
}

const ok = (_request: IncomingMessage, response: ServerResponse) => response.end('ok');

let running: TestHost;
let http: IPlugboardHttp;
let peers: CountingPeer[] = [];

beforeEach(async () => {
  running = await startHost({ httpTimeoutMs: 2_000 });
  await running.host.install(PlainApp, info('keepalive'));
  http = running.host.accessors('keepalive').http;
});

afterEach(async () => {
  await running.host.close();
  await Promise.all(peers.map((peer) => peer.close()));
  peers = [];
});

async function kindOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpTransportError);
  return (error as HttpTransportError).kind;
}

describe('connection reuse', () => {
  test('sequential requests to one origin share one connection', async () => {
    const peer = await countingPeer(ok);
    for (let i = 0; i < 5; i += 1) {
      expect((await http.post(`${peer.url}/token`, { content: `n=${i}` })).content).toBe('ok');
      await turn();
    }
    expect([peer.requests, peer.connections]).toEqual([5, 1]);
  });

  test('requests sent back to back without waiting a turn still share connections (at most two for five)', async () => {
    const peer = await countingPeer(ok);
    for (let i = 0; i < 5; i += 1) expect((await http.post(`${peer.url}/token`, { content: `n=${i}` })).content).toBe('ok');
    expect(peer.requests).toBe(5);
    expect(peer.connections).toBeLessThanOrEqual(2);
  });

  test('over HTTPS too: one handshake for many requests', async () => {
    const peer = await countingPeer(ok, true);
    for (let i = 0; i < 5; i += 1) {
      expect((await http.get(peer.url, { strictSSL: false })).statusCode).toBe(200);
      await turn();
    }
    expect([peer.requests, peer.connections]).toEqual([5, 1]);
  });

  test('an unverified connection is never reused by a request that verifies the certificate', async () => {
    const peer = await countingPeer(ok, true);
    expect((await http.get(peer.url, { strictSSL: false })).statusCode).toBe(200);
    // The test CA is not trusted by this process: a verifying request must fail, not ride the open socket.
    expect(await kindOf(http.get(peer.url))).toBe('network');
  });

  test('connections per origin are bounded; the rest wait their turn', async () => {
    const held: ServerResponse[] = [];
    const peer = await countingPeer((_request, response) => held.push(response));
    const calls = Array.from({ length: 40 }, () => http.get(peer.url));
    await until(() => held.length === 32);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([held.length, peer.connections]).toEqual([32, 32]);
    // Each answer frees a socket for a waiting request, on the same connections.
    const release = setInterval(() => held.splice(0).forEach((response) => response.end('ok')), 5);
    try {
      expect((await Promise.all(calls)).every((response) => response.content === 'ok')).toBe(true);
    } finally {
      clearInterval(release);
    }
    expect(peer.connections).toBe(32);
  });

  test('requests in flight over all origins are bounded (256); a waiting request keeps its deadline', async () => {
    const held: ServerResponse[] = [];
    const origins = await Promise.all(Array.from({ length: 9 }, () => countingPeer((_request, response) => held.push(response))));
    // 32 per origin (the per-origin bound) on 9 origins would be 288.
    const calls = origins.flatMap((origin) => Array.from({ length: 32 }, () => http.get(origin.url, { timeout: 20_000 })));
    await until(() => held.length === 256);
    const waiting = http.get(origins[0]!.url, { timeout: 150 });
    expect(await kindOf(waiting)).toBe('timeout');
    expect(held.length).toBe(256);
    const release = setInterval(() => held.splice(0).forEach((response) => response.end('ok')), 5);
    try {
      expect((await Promise.all(calls)).every((response) => response.content === 'ok')).toBe(true);
    } finally {
      clearInterval(release);
    }
    expect(origins.reduce((sum, origin) => sum + origin.requests, 0)).toBe(288);
  });

  test('an app without headers of its own sends an Accept and a User-Agent', async () => {
    const seen: IncomingMessage[] = [];
    const peer = await countingPeer((request, response) => {
      seen.push(request);
      response.end('ok');
    });
    await http.get(peer.url);
    expect(seen[0]?.headers).toMatchObject({ accept: 'application/json, text/plain, */*', 'user-agent': 'plugboard' });
  });

  test('closing the host closes its idle connections', async () => {
    const peer = await countingPeer(ok);
    await http.get(peer.url);
    expect(peer.open.size).toBe(1);
    await running.host.close();
    await until(() => peer.open.size === 0);
  });

  test('no proxy is taken from the environment', async () => {
    const proxy = await countingPeer((_request, response) => response.end('from the proxy'));
    const target = await countingPeer(ok);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    Object.assign(process.env, { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' });
    try {
      expect((await http.get(target.url)).content).toBe('ok');
      expect((await http.get(target.url)).content).toBe('ok');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect([proxy.requests, target.requests]).toEqual([0, 2]);
  });
});

describe('the rules hold on a reused connection', () => {
  test('deadline: a peer that stops answering on a kept-alive socket times out, and the next request works', async () => {
    let silent = false;
    const sockets: Socket[] = [];
    const peer = await countingPeer((request, response) => {
      sockets.push(request.socket);
      if (!silent) response.end('ok');
    });
    expect((await http.get(peer.url)).content).toBe('ok');
    await turn();
    silent = true;
    expect(await kindOf(http.get(peer.url, { timeout: 150 }))).toBe('timeout');
    silent = false;
    expect((await http.get(peer.url)).content).toBe('ok');
    // The second request reused the first one's connection; once timed out, that connection was
    // destroyed, not handed back to the pool: the third request came on another one.
    const [first, timedOut, next] = sockets;
    expect(timedOut).toBe(first);
    await until(() => timedOut!.destroyed);
    expect(next).not.toBe(timedOut);
  });

  test('deadline: a peer trickling bytes on a reused socket does not keep the request alive', async () => {
    const peer = await countingPeer((request, response) => {
      if (request.url !== '/trickle') {
        response.end('ok');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    });
    await http.get(peer.url);
    await turn();
    expect(await kindOf(http.get(`${peer.url}/trickle`, { timeout: 200 }))).toBe('timeout');
    expect(peer.connections).toBe(1);
  });

  test('size cap: an oversized answer on a reused socket rejects, and the next request works', async () => {
    const peer = await countingPeer((request, response) => response.end(request.url === '/big' ? 'x'.repeat(5000) : 'ok'));
    expect((await http.get(peer.url)).content).toBe('ok');
    expect(await kindOf(http.get(`${peer.url}/big`, { maxResponseBytes: 1000 }))).toBe('too_large');
    expect((await http.get(peer.url)).content).toBe('ok');
    expect(peer.connections).toBeLessThanOrEqual(2);
  });

  test('no redirects: followRedirects false returns the 3xx on a reused socket; loops still fail', async () => {
    const peer = await countingPeer((request, response) => {
      if (request.url === '/plain') response.end('ok');
      else response.writeHead(302, { location: '/loop' }).end();
    });
    expect((await http.get(`${peer.url}/plain`)).content).toBe('ok');
    await turn();
    const answer = await http.post(`${peer.url}/token`, { content: 'a=1', followRedirects: false });
    expect([answer.statusCode, answer.headers?.location]).toEqual([302, '/loop']);
    expect([peer.requests, peer.connections]).toEqual([2, 1]);
    // Following redirects (the default) drops each redirect's socket; the loop is still cut off.
    expect(await kindOf(http.get(`${peer.url}/loop`))).toBe('redirect');
  });
});

/** One event-loop turn: undici frees a kept-alive connection for reuse after it. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
