import { ConfigurationError } from '../errors.ts';

/**
 * Client authentication methods (names as in RFC 8414 metadata): RFC 6749 §2.3.1 secrets, RFC 7523
 * §2.2 `private_key_jwt`, or `none` for a public client.
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

const METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  method: ClientAuthMethod;
  /** `private_key_jwt`: a signed assertion for this one request (its `jti` is single-use). */
  clientAssertion?: string;
}

/** What a back-channel request adds to authenticate the client: a header or body parameters. */
export interface ClientAuthentication {
  headers: Record<string, string>;
  params: Record<string, string>;
}

/**
 * RFC 6749 Appendix B: application/x-www-form-urlencoded. URLSearchParams implements the
 * WHATWG serializer (space -> '+', everything but alphanumerics and `*-._` percent-encoded).
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  // A client sends the same pair every time: the last one is kept (in memory only, as the
  // credentials themselves are), so a token request does not encode it again.
  if (lastBasic && lastBasic.clientId === clientId && lastBasic.clientSecret === clientSecret) return lastBasic.header;
  const pair = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  // Form encoding leaves only ASCII, so btoa's Latin-1 input is the UTF-8 the RFC asks for.
  const header = `Basic ${btoa(pair)}`;
  lastBasic = { clientId, clientSecret, header };
  return header;
}

let lastBasic: { clientId: string; clientSecret: string; header: string } | undefined;

/** Throws when the credentials cannot authenticate with their method. */
export function assertClientCredentials(client: ClientCredentials): void {
  if (typeof client.clientId !== 'string' || client.clientId === '') {
    throw new ConfigurationError('The client id is missing');
  }
  if (!METHODS.includes(client.method)) {
    throw new ConfigurationError('Unknown client authentication method');
  }
  if (client.method === 'private_key_jwt') {
    if (typeof client.clientAssertion !== 'string' || client.clientAssertion === '') {
      throw new ConfigurationError('The client assertion is missing (client authentication private_key_jwt)');
    }
    return;
  }
  if (client.method !== 'none' && (typeof client.clientSecret !== 'string' || client.clientSecret === '')) {
    throw new ConfigurationError(`The client secret is missing (client authentication ${client.method})`);
  }
}

/**
 * Exactly one authentication method per request (RFC 6749 §2.3: the client MUST NOT use more
 * than one). `none` identifies a public client by `client_id` in the body (RFC 6749 §3.2.1);
 * `private_key_jwt` sends the assertion in the body (RFC 7521 §4.2), with `client_id` too, which
 * RFC 7521 allows and several servers want.
 */
export function clientAuthentication(client: ClientCredentials): ClientAuthentication {
  assertClientCredentials(client);
  const secret = client.clientSecret ?? '';
  switch (client.method) {
    case 'client_secret_basic':
      return { headers: { Authorization: basicAuthorization(client.clientId, secret) }, params: {} };
    case 'client_secret_post':
      return { headers: {}, params: { client_id: client.clientId, client_secret: secret } };
    case 'private_key_jwt':
      return {
        headers: {},
        params: { client_id: client.clientId, client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: client.clientAssertion ?? '' },
      };
    case 'none':
      return { headers: {}, params: { client_id: client.clientId } };
  }
}
