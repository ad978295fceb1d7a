import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { AppHost, DEFAULT_SERVER_LIMITS, HostError, type AppHostOptions } from '../src/server/index.ts';
import { connectionsCheckingInterval, resolveServerLimits } from '../src/server/http/serverLimits.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

// Generous: each cut under test is due well within a second of its deadline; node's own defaults
// (60 s headers, 300 s request) would blow through this by far.
const DEADLINE_MS = 10_000;

let running: TestHost | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.host.close();
  running = undefined;
});

let handlerRuns = 0;
async function hostWith(options: AppHostOptions): Promise<{ port: number; url: string }> {
  handlerRuns = 0;
  running = await startHost(options);
  await running.host.install(
    appWith({
      endpoints: [
        {
          path: 'ok',
          get: async () => {
            handlerRuns += 1;
            return { status: 200, content: 'ok' };
          },
          post: async () => {
            handlerRuns += 1;
            return { status: 200, content: 'posted' };
          },
        },
      ],
    }),
    info('limits'),
  );
  return { port: Number(new URL(running.url).port), url: running.url };
}

/** A raw connection that records what the server sends and when it closes. */
interface Probe {
  socket: Socket;
  received(): string;
  closed: Promise<{ afterMs: number }>;
}

async function open(port: number): Promise<Probe> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let data = '';
  const started = Date.now();
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  socket.on('error', () => {}); // a reset is one way of being cut off
  const closed = new Promise<{ afterMs: number }>((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - started })));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}

/** Resolves with the close, or rejects when the connection outlives the deadline. */
function cutOffWithin(probe: Probe, ms: number): Promise<{ afterMs: number }> {
  return Promise.race([
    probe.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms).unref()),
  ]);
}

/** Writes `text` one piece every `everyMs` until the socket closes. */
function dribble(probe: Probe, pieces: () => string, everyMs: number): void {
  const timer = setInterval(() => {
    if (probe.socket.destroyed) clearInterval(timer);
    else probe.socket.write(pieces());
  }, everyMs);
  void probe.closed.then(() => clearInterval(timer));
}

async function response(probe: Probe): Promise<string> {
  for (let i = 0; i < 400 && !probe.received().includes('\r\n\r\n'); i += 1) await new Promise((r) => setTimeout(r, 25));
  return probe.received();
}

describe('host limits', () => {
  test('defaults: tighter than node for headers and whole requests, a connection cap, node keep-alive', () => {
    expect(resolveServerLimits({})).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxConnections: 1_024 });
    expect(DEFAULT_SERVER_LIMITS.headersTimeout).toBeLessThan(60_000);
    // node looks for late requests every 30 s by default; the host makes the deadline bite on time.
    expect(connectionsCheckingInterval(resolveServerLimits({}))).toBe(1_000);
    expect(connectionsCheckingInterval(resolveServerLimits({ headersTimeout: 400, requestTimeout: 2_000 }))).toBe(100);
  });

  test('refuses nonsense limits at construction', () => {
    for (const bad of [{ headersTimeout: -1 }, { requestTimeout: 1.5 }, { maxConnections: 0 }, { headersTimeout: 5_000, requestTimeout: 1_000 }, { allowedHosts: [] }, { allowedHosts: ['http://x'] }]) {
      expect(() => new AppHost(bad), JSON.stringify(bad)).toThrow(HostError);
    }
    expect(() => new AppHost({ maxConnections: Infinity, headersTimeout: 0, requestTimeout: 0 })).not.toThrow();
  });

  test('a slowloris that never finishes its headers is cut off at headersTimeout, and no app code runs', async () => {
    const { port } = await hostWith({ headersTimeout: 500, requestTimeout: 5_000 });
    const probe = await open(port);
    probe.socket.write('GET /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    dribble(probe, () => `X-Slow-${(n += 1)}: a\r\n`, 100);
    const { afterMs } = await cutOffWithin(probe, DEADLINE_MS);
    expect(afterMs).toBeGreaterThanOrEqual(400);
    expect(probe.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(handlerRuns).toBe(0);
  });

  test('a connection that sends nothing is cut off too', async () => {
    const { port } = await hostWith({ headersTimeout: 500, requestTimeout: 5_000 });
    await cutOffWithin(await open(port), DEADLINE_MS);
  });

  test('a body dribbled slower than requestTimeout is cut off, and the handler never runs', async () => {
    const { port } = await hostWith({ headersTimeout: 500, requestTimeout: 1_000 });
    const probe = await open(port);
    probe.socket.write('POST /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
    dribble(probe, () => 'x', 100);
    const { afterMs } = await cutOffWithin(probe, DEADLINE_MS);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(handlerRuns).toBe(0);
  });

  test('an idle kept-alive connection is closed after keepAliveTimeout', async () => {
    const { port } = await hostWith({ keepAliveTimeout: 300 });
    const probe = await open(port);
    probe.socket.write('GET /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await response(probe)).toMatch(/^HTTP\/1\.1 200 /);
    // node's own 5 s would miss this deadline.
    await cutOffWithin(probe, 4_000);
  });

  test('connections beyond maxConnections are closed at once, without an answer; a freed slot serves again', async () => {
    const { port } = await hostWith({ maxConnections: 2, keepAliveTimeout: 60_000 });
    const held: Probe[] = [];
    for (let i = 0; i < 2; i += 1) {
      const probe = await open(port);
      // A served request proves the server has accepted (and counts) this connection.
      probe.socket.write('GET /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect(await response(probe)).toMatch(/^HTTP\/1\.1 200 /);
      held.push(probe);
    }
    const refused = await open(port);
    refused.socket.write('GET /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await cutOffWithin(refused, DEADLINE_MS);
    expect(refused.received()).toBe('');
    expect(handlerRuns).toBe(2);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    // The server notices the freed slot asynchronously: retry, as a client would.
    let served = '';
    for (let attempt = 0; attempt < 50 && !served.startsWith('HTTP/1.1 200'); attempt += 1) {
      const next = await open(port);
      next.socket.write('GET /api/apps/public/limits/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      await next.closed;
      served = next.received();
    }
    expect(served).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('allowed hosts', () => {
  async function get(port: number, host: string | undefined, path = '/api/apps/public/limits/ok'): Promise<string> {
    const probe = await open(port);
    // HTTP/1.0 may omit Host (node refuses an HTTP/1.1 request without one by itself, 400).
    probe.socket.write(host === undefined ? `GET ${path} HTTP/1.0\r\n\r\n` : `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    await cutOffWithin(probe, DEADLINE_MS);
    return probe.received();
  }

  test('a Host that is not allowed gets 421 before any app code runs; allowed names pass, case and port as configured', async () => {
    const { port } = await hostWith({ allowedHosts: ['chat.example.com', 'api.example.com:8443', '[::1]'] });
    for (const host of ['evil.example', 'chat.example.com.evil.example', 'api.example.com:443', 'api.example.com', '127.0.0.1', '']) {
      const answer = await get(port, host);
      expect(answer, host).toMatch(/^HTTP\/1\.1 421 /);
      expect(answer).toContain('{"error":"misdirected_request"}');
    }
    expect(await get(port, undefined)).toMatch(/^HTTP\/1\.1 421 /);
    expect(handlerRuns).toBe(0);
    for (const host of ['chat.example.com', 'CHAT.Example.com:3000', 'api.example.com:8443', `[::1]:${port}`]) {
      expect(await get(port, host), host).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect(handlerRuns).toBe(4);
  });

  test('handlers added with use() are behind the same check', async () => {
    const { port } = await hostWith({ allowedHosts: ['127.0.0.1'] });
    running!.host.use((_request, res) => {
      res.end('console');
    });
    expect(await get(port, 'rebound.example', '/')).toMatch(/^HTTP\/1\.1 421 /);
    expect(await get(port, `127.0.0.1:${port}`, '/')).toMatch(/console$/);
  });

  test('without the option every Host is served (the default)', async () => {
    const { port } = await hostWith({});
    expect(await get(port, 'anything.example')).toMatch(/^HTTP\/1\.1 200 /);
  });
});
