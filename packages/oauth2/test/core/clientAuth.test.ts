import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { basicAuthorization, clientAuthentication, formEncode } from '../../src/core/clientAuth.ts';

/** How an RFC 6749 §2.3.1 server (oidc-provider, for one) decodes a Basic credential. */
function serverDecode(header: string): [string, string] {
  const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
  return [unform(decoded.slice(0, colon)), unform(decoded.slice(colon + 1))];
}

describe('formEncode (RFC 6749 Appendix B)', () => {
  it.each([
    ['abc', 'abc'],
    ['a b', 'a+b'],
    ['a:b', 'a%3Ab'],
    ['%+&=', '%25%2B%26%3D'],
    ['*-._', '*-._'],
    ['~', '%7E'],
    ['é', '%C3%A9'],
  ])('%s -> %s', (input, expected) => {
    expect(formEncode(input)).toBe(expected);
  });
});

describe('basicAuthorization (RFC 6749 §2.3.1)', () => {
  it.each([
    ['plain', 's3cr3t'],
    ['id:with:colons', 'secret:with:colons'],
    ['id with space', ' %+&=/?# '],
    ['ünïcødé', 'пароль🔑'],
  ])('form-encodes %s and its secret before base64 so a server decodes them back', (id, secret) => {
    const header = basicAuthorization(id, secret);
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    // Only ASCII travels in the header: non-ASCII was percent-encoded first.
    expect(Buffer.from(header.slice(6), 'base64').toString('latin1')).toMatch(/^[\x20-\x7e]+$/);
    expect(serverDecode(header)).toEqual([id, secret]);
  });

  it('differs from naive base64(id:secret) when the secret has specials', () => {
    expect(basicAuthorization('a', 'b c')).not.toBe(`Basic ${Buffer.from('a:b c').toString('base64')}`);
    expect(basicAuthorization('a', 'b')).toBe(`Basic ${Buffer.from('a:b').toString('base64')}`);
  });
});

describe('clientAuthentication', () => {
  it.each([
    {
      client: { clientId: 'id', clientSecret: 'sec', method: 'client_secret_basic' as const },
      headers: { Authorization: basicAuthorization('id', 'sec') },
      params: {},
    },
    {
      client: { clientId: 'id', clientSecret: 'sec', method: 'client_secret_post' as const },
      headers: {},
      params: { client_id: 'id', client_secret: 'sec' },
    },
    {
      client: { clientId: 'id', method: 'none' as const },
      headers: {},
      params: { client_id: 'id' },
    },
    {
      client: { clientId: 'id', clientSecret: 'ignored', method: 'none' as const },
      headers: {},
      params: { client_id: 'id' },
    },
  ])('$client.method uses exactly one method', ({ client, headers, params }) => {
    expect(clientAuthentication(client)).toEqual({ headers, params });
  });

  it.each([
    [{ clientId: '', clientSecret: 's', method: 'client_secret_basic' as const }],
    [{ clientId: 'id', method: 'client_secret_basic' as const }],
    [{ clientId: 'id', clientSecret: '', method: 'client_secret_post' as const }],
    [{ clientId: 'id', clientSecret: 's', method: 'private_key_jwt' as never }],
  ])('refuses unusable credentials %#', (client) => {
    expect(() => clientAuthentication(client)).toThrow(ConfigurationError);
  });
});

describe('basicAuthorization for the same client again', () => {
  it('answers each pair with its own header when pairs alternate (the last pair is remembered, never a stale one)', () => {
    const a = basicAuthorization('client-a', 'secret a');
    const b = basicAuthorization('client-a', 'secret b');
    expect(serverDecode(b)).toEqual(['client-a', 'secret b']);
    expect(basicAuthorization('client-a', 'secret a')).toBe(a);
    expect(serverDecode(basicAuthorization('client-b', 'secret a'))).toEqual(['client-b', 'secret a']);
  });
});
