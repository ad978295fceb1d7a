import { describe, expect, it } from 'vitest';
import { buildCodeExchangeRequest, maskSecrets, sentSecrets } from '../../src/core/index.ts';
import { buildRevocationRequests } from '../../src/core/revocation.ts';

describe('values a request sent are masked wherever a provider quotes them (SECURITY 28)', () => {
  const exchange = buildCodeExchangeRequest({
    tokenEndpoint: 'https://as.example/token',
    code: 'the-code-1',
    redirectUri: 'https://chat.example/cb',
    codeVerifier: 'v'.repeat(43),
    client: { clientId: 'client', clientSecret: 'p:%+& é/=', method: 'client_secret_basic' },
  });

  it('finds the code, the verifier, the Basic credential and the secret inside it', () => {
    const secrets = sentSecrets(exchange);
    expect(secrets).toEqual(expect.arrayContaining(['the-code-1', 'v'.repeat(43), 'p:%+& é/=', exchange.headers.Authorization!.slice(6)]));
    expect(secrets).not.toContain('client');
    expect(secrets).not.toContain('https://chat.example/cb');
  });

  it('masks each value raw, form-encoded, percent-encoded and JSON-escaped', () => {
    const secrets = sentSecrets(exchange);
    const text = 'the-code-1 p:%+& é/= p%3A%25%2B%26+%C3%A9%2F%3D p%3A%25%2B%26%20%C3%A9%2F%3D';
    expect(maskSecrets(text, secrets)).toBe(Array(4).fill('[redacted]').join(' '));
    expect(maskSecrets('invalid_grant: no', secrets)).toBe('invalid_grant: no');
  });

  it('covers JSON bodies and bearer headers', () => {
    const [github] = buildRevocationRequests({ revocation: { style: 'github', endpoint: 'https://api.github.com/applications/{client_id}/grant' }, accessToken: 'gho_token123', client: { clientId: 'id', clientSecret: 'gh-secret', method: 'client_secret_basic' } });
    expect(sentSecrets(github!)).toEqual(expect.arrayContaining(['gho_token123', 'gh-secret']));
    const [bearer] = buildRevocationRequests({ revocation: { style: 'bearer', endpoint: 'https://api.dropbox.com/revoke' }, accessToken: 'sl.token456', client: { clientId: 'id', method: 'none' } });
    expect(sentSecrets(bearer!)).toEqual(['sl.token456']);
  });
});
