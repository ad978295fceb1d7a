import fc from 'fast-check';

/** Big enough to matter, small enough to keep a run fast. */
const big = (length: number) => fc.constantFrom('x', 'é', '%', '\u0000', '<', '"').map((c) => c.repeat(length));

/** Odd scalars a provider could put in any member. */
const oddScalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '\t', 'Bearer', 'bearer', 'BEARER', 'DPoP', 'mac', 'NaN', 'Infinity', '-1', '0', '1e400', '3600', ' 60 ', '0x10', '1.5', '__proto__', 'constructor', 'toString'),
  big(5_000),
);

const oddMember = fc.oneof(
  { weight: 5, arbitrary: oddScalar },
  { weight: 1, arbitrary: fc.array(oddScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), oddScalar, { maxKeys: 3 }) },
);

/** Objects shaped like token answers, every member of any type (or missing). */
export const tokenishObject = fc.record(
  {
    access_token: fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) }, { weight: 2, arbitrary: oddMember }),
    token_type: oddMember,
    expires_in: oddMember,
    scope: oddMember,
    refresh_token: oddMember,
    id_token: oddMember,
    error: oddMember,
    error_description: oddMember,
    ok: oddMember,
    retry_after: oddMember,
    message: oddMember,
  },
  { requiredKeys: [] },
);

/** A success answer with odd optional members: the parser must take it or refuse it cleanly. */
export const nearlyValidObject = fc.record(
  {
    access_token: fc.string({ minLength: 1, maxLength: 40 }),
    token_type: fc.constantFrom('Bearer', 'bearer', 'BeArEr'),
    expires_in: oddMember,
    scope: oddMember,
    refresh_token: oddMember,
    id_token: oddMember,
  },
  { requiredKeys: ['access_token'] },
);

/** Any body a token endpoint could send: token-like JSON, any JSON, text, traps, huge. */
export const tokenEndpointBody = fc.oneof(
  { weight: 5, arbitrary: nearlyValidObject.map((o) => JSON.stringify(o)) },
  { weight: 5, arbitrary: tokenishObject.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'null',
      '[]',
      '"access_token"',
      '{',
      '{"access_token":"a"}garbage',
      '<html><body>Error</body></html>',
      'access_token=abc&token_type=bearer&scope=repo%2Cuser',
      'error=bad_verification_code',
      '{"__proto__":{"access_token":"polluted"}}',
      '{"constructor":{"prototype":{"access_token":"polluted"}}}',
      '{"access_token":{"toString":"x"}}',
      '{"access_token":["a"]}',
      '{"ok":false,"error":"invalid_code"}',
      '{"ok":true,"access_token":"xoxb"}',
      '{"ok":true,"authed_user":{"access_token":"xoxp","scope":"a,b"}}',
      '\uFEFF{"access_token":"bom"}',
      '{"access_token":"a\\u0000b"}',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(200_000, 600_000).map((n) => JSON.stringify({ access_token: 'a'.repeat(n), token_type: 'Bearer' })) },
);

export const tokenEndpointStatus = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(200, 200, 200, 200, 200, 201, 400, 401, 403, 429, 500, 502, 503) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 205 && s !== 304) },
);

export const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', 'application/x-www-form-urlencoded', 'application/problem+json');

export const retryAfter = fc.option(fc.oneof(fc.constantFrom('0', '1', '-5', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '99999999999'), fc.string({ maxLength: 10 })), { nil: undefined });

// ---- callback query strings ----

const paramName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state', 'scope') },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'length', '0', 'state[]', 'state[0]', 'code[]', 'State', 'STATE', 'st%61te', 'c%6Fde', '', '=', '&') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Percent-encoding that a lenient or a strict decoder could trip on. */
const percentGarbage = fc.constantFrom('%', '%%', '%G1', '%zz', '%0', '%00', '%ff%fe', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%2', '+', '++', '%2B', '%26', '%3D', '%23', '%u0041', '&&', '==', ';');

/** State-like values: right alphabet, wrong length, wrong alphabet, right shape but random. */
export const stateLike = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/),
  fc.stringMatching(/^[A-Za-z0-9+/=]{40,46}$/),
  fc.string({ minLength: 43, maxLength: 43 }),
);

const paramValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: stateLike },
  { weight: 2, arbitrary: fc.array(percentGarbage, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: big(3_000) },
  { weight: 1, arbitrary: fc.constantFrom('', 'access_denied', '<script>alert(1)</script>', '"\'><img src=x>', 'http://evil.example/', '../../etc/passwd') },
);

/** One `name=value` segment: encoded properly, left raw, or a bare name. */
const segment = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(paramName, paramValue).map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`) },
  { weight: 2, arbitrary: fc.tuple(paramName, paramValue).map(([n, v]) => `${n}=${v}`) },
  { weight: 1, arbitrary: paramName },
  { weight: 1, arbitrary: percentGarbage },
);

/** A whole query string (without `?`): segments joined with `&`, sometimes with stray separators. */
export const callbackQuery = fc.oneof(
  { weight: 8, arbitrary: fc.array(segment, { maxLength: 8 }).map((parts) => parts.join('&')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '&', '=', '?', '??state=x', 'state', 'state=', 'code=&state=', '__proto__[state]=x', 'a=1&a=2&a=3'.repeat(50)) },
);

/** What a browser does to a URL before sending it: bytes outside printable ASCII are percent-encoded. */
export function asRequestTarget(path: string, query: string): string {
  // Iterating a string yields code points; a lone surrogate comes out alone and cannot be encoded.
  const encoded = [...query].map((c) => (/^[\x21-\x7e]$/.test(c) ? c : /^[\uD800-\uDFFF]$/.test(c) ? '%EF%BF%BD' : encodeURIComponent(c))).join('');
  return `${path}?${encoded}`;
}
