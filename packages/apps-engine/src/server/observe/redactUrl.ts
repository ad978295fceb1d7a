/**
 * Query parameters whose values are shown as they are: they say what a request is, and none is a
 * credential or a one-time value (`state`, `code`, `code_challenge`, `nonce`, tokens and secrets are
 * masked, and so is every name not listed here, including a provider's `error_description`).
 */
const SHOWN = new Set([
  'response_type',
  'response_mode',
  'scope',
  'client_id',
  'redirect_uri',
  'code_challenge_method',
  'prompt',
  'access_type',
  'include_granted_scopes',
  'iss',
  'error',
  'grant_type',
  'token_type_hint',
  'audience',
  'duration',
  'token_access_type',
  'owner',
]);

export const MASK = '…';

/**
 * A URL as a log may show it: no user info, every query value masked unless its name is in the
 * list above, the fragment dropped. Parameter names stay, so the reader still sees `code=…&state=…`.
 * Text that is not a URL (or a path) comes back as `(unreadable URL)`.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  let relative = false;
  try {
    if (typeof url === 'string' && url.startsWith('/') && !url.startsWith('//')) {
      relative = true;
      parsed = new URL(url, 'http://relative.invalid');
    } else {
      parsed = new URL(url);
    }
  } catch {
    return '(unreadable URL)';
  }
  const query = [...parsed.searchParams]
    .map(([name, value]) => `${encodeURIComponent(name)}=${SHOWN.has(name) ? encodeURIComponent(value) : MASK}`)
    .join('&');
  const base = relative ? parsed.pathname : `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return query === '' ? base : `${base}?${query}`;
}

/** Body fields kept from a request: what it was for. */
const FIELDS = ['grant_type', 'token_type_hint', 'scope', 'response_type'];

/**
 * The purpose-naming fields of a request body (form-encoded or JSON), or `undefined` when it has
 * none. A field's value is kept only when it is short and has no character a credential would need
 * beyond those of scope lists and grant type URNs.
 */
export function purposeFields(body: unknown): Record<string, string> | undefined {
  const source = bodyRecord(body);
  if (source === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = source[name];
    if (typeof value === 'string' && value.length <= 200 && /^[\w:./ -]*$/.test(value)) fields[name] = value;
  }
  return Object.keys(fields).length === 0 ? undefined : fields;
}

function bodyRecord(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    }
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (body instanceof URLSearchParams) return Object.fromEntries(body);
  return typeof body === 'object' && body !== null && !ArrayBuffer.isView(body) ? (body as Record<string, unknown>) : undefined;
}

/** The `error` member of a JSON answer, when it looks like an OAuth error code (letters and `_`). */
export function errorCode(data: unknown): string | undefined {
  const error = typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
  return typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : undefined;
}
