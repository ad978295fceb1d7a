import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '@plugboard/testing';
import { getPage, routeTo, startHarness, type Harness } from '../support/harness.ts';

let harness: Harness | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
  proxy = undefined;
  await harness?.close();
  harness = undefined;
});

/**
 * A token endpoint in front of the real one that rewrites the ID token: what a network attacker
 * or a confused deputy would do, and the real server never will.
 */
async function tamperingProxy(target: () => string, rewrite: (idToken: string) => string): Promise<string> {
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(target(), {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization ?? ''), accept: 'application/json' },
      body: Buffer.concat(chunks),
    });
    const body = (await upstream.json()) as Record<string, unknown>;
    if (typeof body.id_token === 'string') body.id_token = rewrite(body.id_token);
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => proxy?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/token`;
}

function swapClaim(idToken: string, claim: string, value: string): string {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  claims[claim] = value;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('OpenID Connect ID token validation (jose, against the real server keys)', () => {
  it('accepts the real ID token and keeps it', async () => {
    harness = await startHarness();
    await harness.connect(harness.alice);
    const token = await harness.client.getAccessTokenForUser(harness.alice);
    expect(token?.idToken?.split('.')).toHaveLength(3);
    expect((await harness.client.getIdTokenClaims(harness.alice))?.aud).toBe('plugboard-test');
  });

  it('refuses a tampered ID token: 502, nothing stored', async () => {
    let tokenEndpoint = '';
    const url = await tamperingProxy(() => tokenEndpoint, (t) => swapClaim(t, 'sub', 'mallory'));
    harness = await startHarness({ client: { accessTokenUri: url } });
    tokenEndpoint = harness.as.endpoints.token;
    const page = await harness.connect(harness.alice);
    expect(page.status).toBe(502);
    expect(await harness.client.getAccessTokenForUser(harness.alice)).toBeUndefined();
  });

  it('refuses an ID token for another audience', async () => {
    let tokenEndpoint = '';
    const url = await tamperingProxy(() => tokenEndpoint, (t) => swapClaim(t, 'aud', 'someone-else'));
    harness = await startHarness({ client: { accessTokenUri: url } });
    tokenEndpoint = harness.as.endpoints.token;
    expect((await harness.connect(harness.alice)).status).toBe(502);
  });

  it('refuses a wrong nonce', async () => {
    harness = await startHarness();
    const h = harness;
    const url = await h.client.getUserAuthorizationUrl(h.alice);
    url.searchParams.set('nonce', 'not-the-nonce-the-client-stored');
    const consent = await completeConsent(url, { account: 'alice' });
    const page = await getPage(routeTo(h.hosts[0]!, consent.redirectUrl));
    expect(page.status).toBe(502);
    expect(await h.client.getAccessTokenForUser(h.alice)).toBeUndefined();
  });

  it('skips ID token checks when openid was not requested', async () => {
    harness = await startHarness({ client: { defaultScopes: ['profile'] } });
    expect((await harness.connect(harness.alice)).status).toBe(200);
    expect((await harness.client.getAccessTokenForUser(harness.alice))?.idToken).toBeUndefined();
  });
});
