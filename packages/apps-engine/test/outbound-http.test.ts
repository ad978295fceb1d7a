import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { App, HttpTransportError, type IConfigurationExtend, type IPlugboardHttp } from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';
import { startPeer, type Peer } from './support/peer.ts';

class HttpApp extends App {
  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    configuration.http.provideDefaultHeaders({ 'user-agent': 'plugboard-test', 'x-app': 'http' });
    configuration.http.provideDefaultParam('app', 'http');
  }
}

let running: TestHost;
let http: IPlugboardHttp;
const peers: Peer[] = [];

beforeEach(async () => {
  running = await startHost({ httpTimeoutMs: 2_000 });
  await running.host.install(HttpApp, info('http'));
  http = running.host.accessors('http').http;
});

afterEach(async () => {
  await running.host.close();
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peer(handler: Parameters<typeof startPeer>[0]): Promise<Peer> {
  const started = await startPeer(handler);
  peers.push(started);
  return started;
}

async function transportError(call: Promise<unknown>): Promise<HttpTransportError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpTransportError);
  return error as HttpTransportError;
}

describe('responses', () => {
  test("Rocket.Chat's response shape; non-2xx answers resolve", async () => {
    const remote = await peer((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json', 'X-Trace': 't1' }).end('{"error":"invalid_grant"}');
    });
    const response = await http.post(`${remote.url}/token`);
    expect(response).toMatchObject({ url: `${remote.url}/token?app=http`, method: 'post', statusCode: 400, content: '{"error":"invalid_grant"}', data: { error: 'invalid_grant' } });
    expect(response.headers?.['x-trace']).toBe('t1');
  });

  test('data is only set for JSON bodies; content always holds the text', async () => {
    const remote = await peer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('{"looks":"like json"}');
    });
    const response = await http.get(remote.url);
    expect(response.content).toBe('{"looks":"like json"}');
    expect(response.data).toBeUndefined();
  });
});

describe('requests', () => {
  test('app default headers and params, per-call params, query and headers are sent', async () => {
    const remote = await peer((_request, response) => response.end('ok'));
    await http.get(`${remote.url}/x?a=1`, { params: { b: '2' }, query: 'c=3&c=4', headers: { 'x-call': 'yes' } });
    const [seen] = remote.received;
    expect(seen?.url).toBe('/x?a=1&app=http&b=2&c=3&c=4');
    expect(seen?.headers).toMatchObject({ 'user-agent': 'plugboard-test', 'x-app': 'http', 'x-call': 'yes' });
  });

  test('content is sent raw, data as JSON; auth becomes HTTP Basic', async () => {
    const remote = await peer((_request, response) => response.end());
    await http.post(remote.url, { content: 'grant_type=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: 'client:pa:ss' });
    await http.put(remote.url, { data: { a: 1 } });
    await http.del(remote.url);
    await http.patch(remote.url, { content: 'raw', data: { ignored: true } });
    const [form, json, removal, patch] = remote.received;
    expect(form).toMatchObject({ method: 'POST', body: 'grant_type=x' });
    expect(form?.headers.authorization).toBe(`Basic ${Buffer.from('client:pa:ss').toString('base64')}`);
    expect(json).toMatchObject({ method: 'PUT', body: '{"a":1}' });
    expect(json?.headers['content-type']).toContain('application/json');
    expect(removal?.method).toBe('DELETE');
    expect(patch).toMatchObject({ method: 'PATCH', body: 'raw' });
  });

  test('followRedirects:false returns the 3xx answer; by default redirects are followed', async () => {
    const remote = await peer((request, response) => {
      if (request.url?.startsWith('/from')) {
        response.writeHead(302, { location: '/to' }).end();
      } else {
        response.end('arrived');
      }
    });
    const stopped = await http.get(`${remote.url}/from`, { followRedirects: false });
    expect(stopped.statusCode).toBe(302);
    expect(stopped.headers?.location).toBe('/to');
    expect(remote.received).toHaveLength(1);
    const followed = await http.get(`${remote.url}/from`);
    expect([followed.statusCode, followed.content]).toEqual([200, 'arrived']);
    expect(followed.url).toBe(`${remote.url}/to`);
  });

  test('up to 5 redirects are followed; the 6th rejects with "redirect"', async () => {
    const remote = await peer((request, response) => {
      const hop = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('hop'));
      const last = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('last'));
      if (hop < last) response.writeHead(302, { location: `/hop?hop=${hop + 1}&last=${last}` }).end();
      else response.end(`arrived after ${hop}`);
    });
    const five = await http.get(`${remote.url}/hop?hop=0&last=5`);
    expect([five.statusCode, five.content]).toEqual([200, 'arrived after 5']);
    expect((await transportError(http.get(`${remote.url}/hop?hop=0&last=6`))).kind).toBe('redirect');
  });

  test('Accept and User-Agent have defaults; the app replaces any header whatever its case', async () => {
    const remote = await peer((_request, response) => response.end());
    await running.host.accessors('http').http.get(remote.url);
    await http.post(remote.url, { headers: { Accept: 'text/html', 'User-Agent': 'mine', 'X-App': 'call' }, data: 'raw text' });
    await http.post(remote.url, { data: { a: 1 }, headers: { 'Content-Type': 'application/vnd.api+json' } });
    const [plain, replaced, typed] = remote.received;
    expect(plain?.headers).toMatchObject({ accept: 'application/json, text/plain, */*', 'user-agent': 'plugboard-test' });
    expect(replaced?.headers).toMatchObject({ accept: 'text/html', 'user-agent': 'mine', 'x-app': 'call' });
    expect(replaced?.body).toBe('raw text');
    expect(replaced?.rawHeaders.filter((name) => name.toLowerCase() === 'accept')).toHaveLength(1);
    expect(typed).toMatchObject({ body: '{"a":1}' });
    expect(typed?.headers['content-type']).toBe('application/vnd.api+json');
  });

  test('auth replaces an Authorization header the app set', async () => {
    const remote = await peer((_request, response) => response.end());
    await http.get(remote.url, { headers: { Authorization: 'Bearer other' }, auth: 'user:pw' });
    expect(remote.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
  });
});

describe('transport failures', () => {
  test('a peer that never answers times out with kind "timeout"', async () => {
    const remote = await peer(() => undefined);
    const error = await transportError(http.get(`${remote.url}/slow`, { timeout: 150 }));
    expect(error.kind).toBe('timeout');
  });

  test('the timeout is a deadline: a peer trickling bytes does not keep the request alive', async () => {
    const remote = await peer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    });
    const error = await transportError(http.get(remote.url, { timeout: 200 }));
    expect(error.kind).toBe('timeout');
  });

  test('the host default timeout applies when the call sets none', async () => {
    await running.host.close();
    running = await startHost({ httpTimeoutMs: 100 });
    await running.host.install(HttpApp, info('http'));
    const remote = await peer(() => undefined);
    const error = await transportError(running.host.accessors('http').http.get(remote.url));
    expect(error.kind).toBe('timeout');
  });

  test('a body over maxResponseBytes (default 1 MiB) rejects with "too_large"', async () => {
    const remote = await peer((request, response) => {
      response.end('x'.repeat(request.url?.startsWith('/big') ? 1024 * 1024 + 10 : 5000));
    });
    expect((await transportError(http.get(`${remote.url}/small`, { maxResponseBytes: 1000 }))).kind).toBe('too_large');
    expect((await transportError(http.get(`${remote.url}/big`))).kind).toBe('too_large');
    expect((await http.get(`${remote.url}/small`)).content).toHaveLength(5000);
  });

  test('a chunked body (no length given) is counted as it arrives', async () => {
    const remote = await peer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10; i += 1) response.write('x'.repeat(500));
      response.end();
    });
    expect((await transportError(http.get(remote.url, { maxResponseBytes: 2000 }))).kind).toBe('too_large');
    expect((await http.get(remote.url, { maxResponseBytes: 5000 })).content).toHaveLength(5000);
  });

  test('a redirect loop rejects with "redirect"', async () => {
    const remote = await peer((_request, response) => {
      response.writeHead(302, { location: '/again' }).end();
    });
    expect((await transportError(http.get(`${remote.url}/loop`))).kind).toBe('redirect');
  });

  test('a refused connection is "network"', async () => {
    const remote = await peer(() => undefined);
    await remote.close();
    const error = await transportError(http.get(remote.url));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('an abort signal rejects with "aborted", before or during the request', async () => {
    const remote = await peer(() => undefined);
    expect((await transportError(http.get(remote.url, { signal: AbortSignal.abort() }))).kind).toBe('aborted');
    const controller = new AbortController();
    const pending = http.get(remote.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    expect((await transportError(pending)).kind).toBe('aborted');
  });

  test('errors carry no URL query, headers, body or client error', async () => {
    const remote = await peer(() => undefined);
    const error = await transportError(
      http.post(`${remote.url}/token?client_secret=q-secret`, {
        headers: { authorization: 'Bearer header-secret' },
        content: 'client_secret=body-secret',
        auth: 'id:auth-secret',
        timeout: 100,
      }),
    );
    const everything = [error.message, error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
    for (const secret of ['q-secret', 'header-secret', 'body-secret', 'auth-secret', Buffer.from('id:auth-secret').toString('base64')]) {
      expect(everything).not.toContain(secret);
    }
    expect(error.cause).toBeUndefined();
    expect(error.message).toContain(`POST ${remote.url}/token`);
  });
});
