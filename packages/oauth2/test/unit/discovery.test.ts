import { describe, expect, it } from 'vitest';
import { parseServerMetadata } from '../../src/discovery/metadata.ts';
import { metadataUrls } from '../../src/discovery/wellKnown.ts';
import { MetadataCache } from '../../src/discovery/discover.ts';
import { DiscoveryError } from '../../src/errors.ts';

describe('discovery metadata', () => {
  it('builds OIDC and RFC 8414 §3.1 well-known URLs', () => {
    expect(metadataUrls('https://as.example/tenant/')).toEqual([
      'https://as.example/tenant/.well-known/openid-configuration',
      'https://as.example/.well-known/oauth-authorization-server/tenant',
    ]);
  });

  it('requires the issuer to be identical (RFC 8414 §3.3)', () => {
    const doc = { issuer: 'https://as.example/', authorization_endpoint: 'https://as.example/a', token_endpoint: 'https://as.example/t' };
    expect(() => parseServerMetadata(doc, 'https://as.example')).toThrow(DiscoveryError);
    expect(parseServerMetadata(doc, 'https://as.example/').token_endpoint).toBe('https://as.example/t');
  });

  it('keeps the RFC 9207 flag and refuses unusable documents', () => {
    const i = 'https://as.example';
    const doc = { issuer: i, authorization_endpoint: `${i}/a`, token_endpoint: `${i}/t`, authorization_response_iss_parameter_supported: true };
    expect(parseServerMetadata(doc, i).authorization_response_iss_parameter_supported).toBe(true);
    expect(() => parseServerMetadata({ issuer: i, token_endpoint: `${i}/t` }, i)).toThrow(DiscoveryError);
    expect(() => parseServerMetadata([], i)).toThrow(DiscoveryError);
  });
});

describe('where discovered endpoints may point (SECURITY 27)', () => {
  const documentOf = (issuer: string, endpoints: Record<string, string>) => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    ...endpoints,
  });
  const refused = (issuer: string, endpoints: Record<string, string>, issuerOriginOnly = true) =>
    expect(() => parseServerMetadata(documentOf(issuer, endpoints), issuer, { issuerOriginOnly })).toThrow(DiscoveryError);
  const accepted = (issuer: string, endpoints: Record<string, string>, issuerOriginOnly = true) =>
    expect(() => parseServerMetadata(documentOf(issuer, endpoints), issuer, { issuerOriginOnly })).not.toThrow();

  it('an https issuer never gets plain http endpoints, not even on loopback', () => {
    refused('https://as.example', { token_endpoint: 'http://as.example/token' }, false);
    refused('https://as.example', { jwks_uri: 'http://127.0.0.1:8080/jwks' }, false);
    refused('https://as.example', { revocation_endpoint: 'ftp://as.example/revoke' }, false);
  });

  it('a loopback http issuer keeps http on its own origin only: no other local port (SSRF)', () => {
    accepted('http://127.0.0.1:4000', { token_endpoint: 'http://127.0.0.1:4000/token' });
    for (const target of ['http://127.0.0.1:6379/', 'http://localhost:4000/t', 'https://127.0.0.1:4001/t', 'https://0.0.0.0/t', 'https://[::1]:4000/t', 'https://redis.localhost/t', 'https://169.254.169.254/latest', 'https://0x7f.1:6379/t', 'https://[::ffff:127.0.0.1]:6379/t']) {
      refused('http://127.0.0.1:4000', { token_endpoint: target }, false);
    }
  });

  it('an https issuer cannot point at local addresses either', () => {
    for (const target of ['https://127.0.0.1:6379/t', 'https://localhost/t', 'https://169.254.169.254/latest/meta-data', 'https://[fe80::1]/t']) {
      refused('https://as.example', { token_endpoint: target }, false);
    }
  });

  it('by default every endpoint is on the issuer origin', () => {
    accepted('https://as.example/tenant', { jwks_uri: 'https://as.example/keys', revocation_endpoint: 'https://as.example:443/revoke' });
    refused('https://as.example', { token_endpoint: 'https://evil.example/token' });
    refused('https://as.example', { device_authorization_endpoint: 'https://as.example:8443/device' });
    refused('https://as.example', { authorization_endpoint: 'https://sub.as.example/authorize' });
    accepted('https://as.example', { token_endpoint: 'https://other.example/token' }, false);
  });

  it("Google's and Microsoft's documented hosts are allowed, for their issuers only", () => {
    accepted('https://accounts.google.com', {
      token_endpoint: 'https://oauth2.googleapis.com/token',
      revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
      device_authorization_endpoint: 'https://oauth2.googleapis.com/device/code',
      jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
    });
    const tenant = 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0';
    accepted(tenant, { jwks_uri: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/discovery/v2.0/keys' });
    refused('https://accounts.google.com', { token_endpoint: 'https://evil.googleapis.com.example/token' });
    refused('https://as.example', { token_endpoint: 'https://oauth2.googleapis.com/token' });
  });

  it('caches per issuer and forgets failures', async () => {
    const cache = new MetadataCache(1000);
    let loads = 0;
    const load = async () => { loads++; return { issuer: 'i', authorization_endpoint: 'a', token_endpoint: 't' }; };
    await Promise.all([cache.get('i', load, 0), cache.get('i', load, 10)]);
    expect(loads).toBe(1);
    await cache.get('i', load, 2000);
    expect(loads).toBe(2);
    await expect(cache.get('j', async () => { throw new DiscoveryError('x'); }, 0)).rejects.toThrow();
    await cache.get('j', load, 1);
    expect(loads).toBe(3);
  });
});
