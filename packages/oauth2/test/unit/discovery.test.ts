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
    const doc = { issuer: 'i', authorization_endpoint: 'a', token_endpoint: 't', authorization_response_iss_parameter_supported: true };
    expect(parseServerMetadata(doc, 'i').authorization_response_iss_parameter_supported).toBe(true);
    expect(() => parseServerMetadata({ issuer: 'i', token_endpoint: 't' }, 'i')).toThrow(DiscoveryError);
    expect(() => parseServerMetadata([], 'i')).toThrow(DiscoveryError);
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
