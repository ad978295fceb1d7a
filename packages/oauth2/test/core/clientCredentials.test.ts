import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { clientAuthentication, JWT_BEARER_ASSERTION_TYPE, type ClientCredentials } from '../../src/core/clientAuth.ts';
import { buildClientCredentialsRequest } from '../../src/core/tokenRequest.ts';

const jwt: ClientCredentials = { clientId: 'id', method: 'private_key_jwt', clientAssertion: 'header.payload.signature' };

function form(body: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body ?? ''));
}

describe('private_key_jwt client authentication (RFC 7523 §2.2, RFC 7521 §4.2)', () => {
  it('sends client_id, the assertion type and the assertion in the body, and no Authorization header', () => {
    expect(clientAuthentication(jwt)).toEqual({
      headers: {},
      params: { client_id: 'id', client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: 'header.payload.signature' },
    });
  });

  it('refuses to send a request without an assertion, and never falls back to a secret', () => {
    expect(() => clientAuthentication({ clientId: 'id', clientSecret: 's', method: 'private_key_jwt' })).toThrow(ConfigurationError);
  });
});

describe('buildClientCredentialsRequest (RFC 6749 §4.4.2)', () => {
  const base = { tokenEndpoint: 'https://auth.example.com/token' };

  it('POSTs grant_type=client_credentials with de-duplicated scopes in the body', () => {
    const request = buildClientCredentialsRequest({ ...base, scopes: ['read', 'write read'], client: { clientId: 'id', clientSecret: 's', method: 'client_secret_post' } });
    expect(request.method).toBe('POST');
    expect(new URL(request.url).search).toBe('');
    expect(form(request.body)).toEqual({ grant_type: 'client_credentials', scope: 'read write', client_id: 'id', client_secret: 's' });
  });

  it('leaves scope out when none is asked for, and joins with the preset separator', () => {
    const client: ClientCredentials = { clientId: 'id', clientSecret: 's', method: 'client_secret_basic' };
    expect(form(buildClientCredentialsRequest({ ...base, client }).body)).toEqual({ grant_type: 'client_credentials' });
    expect(form(buildClientCredentialsRequest({ ...base, client, scopes: ['a', 'b'], scopeSeparator: ',' }).body)['scope']).toBe('a,b');
  });

  it('works with private_key_jwt and refuses a public client (RFC 6749 §4.4)', () => {
    expect(form(buildClientCredentialsRequest({ ...base, client: jwt }).body)).toMatchObject({ client_assertion: 'header.payload.signature' });
    expect(() => buildClientCredentialsRequest({ ...base, client: { clientId: 'id', method: 'none' } })).toThrow(ConfigurationError);
  });
});
