import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConsent, ConsentFlowError, startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';
import { authorizationRequest } from './support/flow.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('completeConsent', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({
      clients: [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }],
    });
  });
  afterAll(() => as.close());

  it('denying at consent gives error=access_denied with state and iss', async () => {
    const request = authorizationRequest(as, 'app', REDIRECT);
    const result = await completeConsent(request.url, { deny: true });
    expect(result).toMatchObject({
      error: 'access_denied',
      state: request.state,
      iss: as.issuer,
    });
    expect(result.code).toBeUndefined();
    expect(result.errorDescription).toBe('End-User aborted interaction');
  });

  it('refuses an account the server does not have, naming it', async () => {
    const request = authorizationRequest(as, 'app', REDIRECT);
    const failure = await completeConsent(request.url, { account: 'mallory' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsentFlowError);
    expect((failure as ConsentFlowError).message).toContain('"mallory"');
    expect((failure as ConsentFlowError).code).toBe('CONSENT_FLOW_FAILED');
  });

  it('reports the error page when the server cannot redirect (unregistered redirect_uri)', async () => {
    const request = authorizationRequest(as, 'app', 'http://127.0.0.1:9/elsewhere');
    const failure = await completeConsent(request.url).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsentFlowError);
    expect(failure).toMatchObject({ status: 400, error: 'invalid_redirect_uri' });
  });

  it('reports an unknown client the same way', async () => {
    const request = authorizationRequest(as, 'nobody', REDIRECT);
    const failure = await completeConsent(request.url).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, error: 'invalid_client' });
  });

  it('does not call the redirect URI unless asked, and calls it once with follow', async () => {
    const hits: string[] = [];
    const client: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('<p>connected</p>');
    });
    await new Promise<void>((resolve) => client.listen(0, '127.0.0.1', resolve));
    const redirectUri = `http://127.0.0.1:${(client.address() as AddressInfo).port}/cb`;
    try {
      await as.addClient({ clientId: 'followed', clientSecret: 'secret', redirectUris: [redirectUri] });

      const quiet = await completeConsent(authorizationRequest(as, 'followed', redirectUri).url);
      expect(quiet.code).toBeDefined();
      expect(hits).toEqual([]);

      const followed = await completeConsent(authorizationRequest(as, 'followed', redirectUri).url, { follow: true });
      expect(followed.status).toBe(200);
      expect(followed.body).toBe('<p>connected</p>');
      expect(followed.headers.get('cache-control')).toBe('no-store');
      expect(hits).toHaveLength(1);
      expect(hits[0]).toBe(followed.redirectUrl.pathname + followed.redirectUrl.search);
      expect(hits[0]).toContain(`code=${followed.code}`);
    } finally {
      await new Promise<void>((resolve) => client.close(() => resolve()));
    }
  });

  it('serves the login and consent pages without third-party resources', async () => {
    const response = await fetch(authorizationRequest(as, 'app', REDIRECT).url, { redirect: 'manual' });
    const interaction = new URL(response.headers.get('location') ?? '', as.url);
    const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
    const page = await fetch(interaction, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('name="prompt" value="login"');
    expect(html).not.toContain('fonts.googleapis.com');
    const origins = [...html.matchAll(/(?:src|href|action)="(https?:\/\/[^"]+)"/g)].map((match) => new URL(match[1] ?? '').origin);
    expect(new Set(origins)).toEqual(new Set([as.url]));
  });
});
