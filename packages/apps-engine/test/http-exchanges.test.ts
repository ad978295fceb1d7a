import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IApiRequest } from '../src/definition/index.ts';
import { purposeFields, redactUrl } from '../src/server/observe/redactUrl.ts';
import type { HttpExchange } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';
import { startPeer, type Peer } from './support/peer.ts';

const SECRETS = ['the-code-31337', 'the-verifier-31337', 'client-secret-31337', 'the-state-31337', 'access-token-31337'];

let running: TestHost;
let peer: Peer | undefined;
const exchanges: HttpExchange[] = [];

beforeEach(async () => {
  running = await startHost();
  const endpoint = { path: 'hook-callback', get: async (request: IApiRequest) => ({ status: 200, content: { got: Object.keys(request.query) } }) };
  await running.host.install(appWith({ endpoints: [endpoint] }), info('hook'));
  running.host.on('http', (exchange) => exchanges.push(exchange));
});

afterEach(async () => {
  exchanges.length = 0;
  await running.host.close();
  await peer?.close();
  peer = undefined;
});

describe("the host's http event", () => {
  test('an outbound request: method, masked URL, status, duration, purpose fields and the OAuth error code, no secret', async () => {
    peer = await startPeer((_request, response) => {
      // A provider echoing what it was sent (issue 12 item 4): none of it may reach the event.
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: `bad ${SECRETS.join(' ')}` }));
    });
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: SECRETS[0]!, code_verifier: SECRETS[1]!, client_secret: SECRETS[2]!, redirect_uri: 'http://x/cb' });
    const response = await running.host.accessors('hook').http.post(`${peer.url}/token?state=${SECRETS[3]}&scope=openid%20email`, {
      content: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${SECRETS[4]}` },
    });
    expect(response.statusCode).toBe(401);
    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges as [HttpExchange];
    expect(exchange).toMatchObject({
      direction: 'outbound',
      appId: 'hook',
      method: 'POST',
      url: `${peer.url}/token?state=…&scope=openid%20email`,
      status: 401,
      error: 'invalid_client',
      fields: { grant_type: 'authorization_code' },
    });
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
    expect(exchange.time).toBeInstanceOf(Date);
    const text = JSON.stringify(exchange);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  test('a transport failure has no status, only its kind', async () => {
    peer = await startPeer(() => {});
    const url = peer.url;
    await peer.close();
    peer = undefined;
    await expect(running.host.accessors('hook').http.get(`${url}/.well-known/openid-configuration`)).rejects.toThrow();
    expect(exchanges).toMatchObject([{ direction: 'outbound', method: 'GET', url: `${url}/.well-known/openid-configuration`, failure: 'network' }]);
    expect(exchanges[0]?.status).toBeUndefined();
  });

  test('an inbound request to an app endpoint: path with masked query values, status', async () => {
    const answer = await fetch(`${running.url}/api/apps/public/hook/hook-callback?code=${SECRETS[0]}&state=${SECRETS[3]}&iss=http%3A%2F%2Fissuer`);
    expect(answer.status).toBe(200);
    await answer.text();
    await expect.poll(() => exchanges.length).toBe(1);
    expect(exchanges[0]).toMatchObject({
      direction: 'inbound',
      appId: 'hook',
      method: 'GET',
      url: '/api/apps/public/hook/hook-callback?code=…&state=…&iss=http%3A%2F%2Fissuer',
      status: 200,
    });
    // Paths no app serves are not an app's exchange.
    expect((await fetch(`${running.url}/api/apps/public/hook/nope`)).status).toBe(404);
    expect(exchanges).toHaveLength(1);
  });

  test("a listener that throws does not fail the app's request", async () => {
    running.host.on('http', () => {
      throw new Error('listener bug');
    });
    peer = await startPeer((_request, response) => response.end('ok'));
    expect((await running.host.accessors('hook').http.get(peer.url)).statusCode).toBe(200);
    expect(running.logs.some((entry) => entry.message.includes('An http listener threw'))).toBe(true);
  });
});

describe('redactUrl', () => {
  test.each([
    ['https://u:p@as.example/auth?response_type=code&client_id=c&state=s&code_challenge=x&scope=a%20b#frag', 'https://as.example/auth?response_type=code&client_id=c&state=…&code_challenge=…&scope=a%20b'],
    ['/api/apps/public/a/x-callback?error=access_denied&error_description=free%20text', '/api/apps/public/a/x-callback?error=access_denied&error_description=…'],
    ['http://127.0.0.1:3000/token', 'http://127.0.0.1:3000/token'],
    ['not a url', '(unreadable URL)'],
  ])('%s', (input, shown) => {
    expect(redactUrl(input)).toBe(shown);
  });

  test('purpose fields keep only what names the request', () => {
    expect(purposeFields('grant_type=refresh_token&refresh_token=r&client_secret=s')).toEqual({ grant_type: 'refresh_token' });
    expect(purposeFields({ token: 't', token_type_hint: 'refresh_token' })).toEqual({ token_type_hint: 'refresh_token' });
    expect(purposeFields('{"grant_type":"urn:ietf:params:oauth:grant-type:device_code","device_code":"d"}')).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code' });
    expect(purposeFields('code=x')).toBeUndefined();
    expect(purposeFields(undefined)).toBeUndefined();
  });
});
