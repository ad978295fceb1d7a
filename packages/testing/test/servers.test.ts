import { describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.ts';
import { stringField, type ClientAuth } from './support/flow.ts';
import { signIn } from './support/signin.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const app: ClientAuth = { method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret' };
const clients = [{ clientId: 'app', clientSecret: 'secret', redirectUris: [REDIRECT] }];

describe('several servers in one process', () => {
  it('run at once on different ports with separate state, keys and counters', async () => {
    const [one, two] = await Promise.all([startAuthorizationServer({ clients }), startAuthorizationServer({ clients })]);
    try {
      expect(one.port).not.toBe(two.port);
      expect(one.issuer).not.toBe(two.issuer);

      const [tokensOne, tokensTwo] = await Promise.all([signIn(one, app, REDIRECT), signIn(two, app, REDIRECT)]);
      const tokenOne = stringField(tokensOne, 'access_token');
      expect((await one.introspect(tokenOne)).active).toBe(true);
      expect((await two.introspect(tokenOne)).active).toBe(false);
      expect((await two.introspect(stringField(tokensTwo, 'access_token'))).active).toBe(true);

      expect(one.counters.authorizationCodeGrants).toBe(1);
      expect(two.counters.authorizationCodeGrants).toBe(1);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('close() frees the port and stops answering', async () => {
    const as = await startAuthorizationServer();
    // A kept-alive connection must not hold close() open.
    expect((await fetch(as.discoveryUrl)).status).toBe(200);
    await as.close();
    await expect(fetch(as.discoveryUrl)).rejects.toThrow();
    const again = await startAuthorizationServer({ port: as.port });
    try {
      expect((await fetch(again.discoveryUrl)).status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('refuses a port that is taken', async () => {
    const as = await startAuthorizationServer();
    try {
      await expect(startAuthorizationServer({ port: as.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await as.close();
    }
  });
});

describe('onRequest', () => {
  it('hears each answered request with its URL as received, status and duration; a throwing listener changes nothing', async () => {
    const seen: Array<{ method: string; url: string; status: number; durationMs: number }> = [];
    const server = await startAuthorizationServer({
      clients,
      onRequest: (request) => {
        seen.push(request);
        throw new Error('listener bug');
      },
    });
    try {
      await signIn(server, app, REDIRECT);
      const authorization = seen.find((request) => request.url.startsWith('/auth?'));
      expect(authorization).toMatchObject({ method: 'GET', status: 303 });
      expect(authorization!.durationMs).toBeGreaterThanOrEqual(0);
      expect(seen.find((request) => request.url === '/token')).toMatchObject({ method: 'POST', status: 200 });
    } finally {
      await server.close();
    }
  });
});
