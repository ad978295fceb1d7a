/** What an authorization server put on the redirect back to the client (RFC 6749 §4.1.2). */
export interface CallbackParameters {
  code?: string;
  state?: string;
  /** RFC 9207 issuer identifier. */
  iss?: string;
  error?: string;
  errorDescription?: string;
}

/**
 * Reads the authorization response from a redirect URL: its query, or its fragment for
 * response modes that use one (OAuth 2.0 Multiple Response Types §5). A parameter given
 * twice is an error: a client must not pick one (SECURITY.md item 10), nor should a test.
 */
export function parseCallbackUrl(url: URL | string): CallbackParameters {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const searchParams = new URLSearchParams(parsed.search);
  for (const [name, value] of new URLSearchParams(parsed.hash.slice(1))) searchParams.append(name, value);
  const result: CallbackParameters = {};
  const names = [
    ['code', 'code'],
    ['state', 'state'],
    ['iss', 'iss'],
    ['error', 'error'],
    ['error_description', 'errorDescription'],
  ] as const;
  for (const [parameter, field] of names) {
    const values = searchParams.getAll(parameter);
    if (values.length > 1) throw new Error(`callback URL repeats the ${parameter} parameter`);
    if (values[0] !== undefined) result[field] = values[0];
  }
  return result;
}
