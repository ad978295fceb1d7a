import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '../src/index.ts';

async function discover(as: AuthorizationServer): Promise<Record<string, unknown>> {
  const response = await fetch(as.discoveryUrl);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('discovery', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer();
  });
  afterAll(() => as.close());

  it('publishes the issuer it was started with, over plain http on loopback', async () => {
    expect(as.issuer).toBe(`http://127.0.0.1:${as.port}`);
    expect(as.url).toBe(as.issuer);
    expect(as.discoveryUrl).toBe(`${as.issuer}/.well-known/openid-configuration`);
    const metadata = await discover(as);
    expect(metadata.issuer).toBe(as.issuer);
  });

  it('lists the endpoints the kit reports', async () => {
    const metadata = await discover(as);
    expect(metadata).toMatchObject({
      authorization_endpoint: as.endpoints.authorization,
      token_endpoint: as.endpoints.token,
      revocation_endpoint: as.endpoints.revocation,
      introspection_endpoint: as.endpoints.introspection,
      userinfo_endpoint: as.endpoints.userinfo,
      jwks_uri: as.endpoints.jwks,
    });
  });

  it('advertises code flow only, PKCE S256 only and the RFC 9207 iss parameter', async () => {
    const metadata = await discover(as);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
    );
    expect(metadata.scopes_supported).toEqual(['openid', 'profile', 'email', 'offline_access', 'read', 'write']);
    expect(metadata.id_token_signing_alg_values_supported).toContain('ES256');
  });

  it('publishes one per-server EC signing key with a kid', async () => {
    const jwks = (await (await fetch(as.endpoints.jwks)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(typeof jwks.keys[0]?.kid).toBe('string');

    const other = await startAuthorizationServer();
    try {
      const otherJwks = (await (await fetch(other.endpoints.jwks)).json()) as { keys: Record<string, unknown>[] };
      expect(otherJwks.keys[0]?.kid).not.toBe(jwks.keys[0]?.kid);
    } finally {
      await other.close();
    }
  });

  it('reports the configured scopes', async () => {
    const custom = await startAuthorizationServer({ scopes: ['openid', 'calendar.read'] });
    try {
      expect((await discover(custom)).scopes_supported).toEqual(['openid', 'calendar.read']);
    } finally {
      await custom.close();
    }
  });
});

describe('an issuer with a path', () => {
  it('serves discovery and endpoints under that path', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}/tenant-a`;
    const as = await startAuthorizationServer({ port, issuer });
    try {
      expect(as.discoveryUrl).toBe(`${issuer}/.well-known/openid-configuration`);
      const metadata = await discover(as);
      expect(metadata.issuer).toBe(issuer);
      expect(metadata.token_endpoint).toBe(`${issuer}/token`);
      expect((await fetch(as.endpoints.jwks)).status).toBe(200);
      // Outside the issuer's path nothing is served.
      expect((await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).status).toBe(404);
    } finally {
      await as.close();
    }
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
