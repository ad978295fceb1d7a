/**
 * Small repairs of providers' non-standard answers, applied before the core parses them. Each one
 * is shared, pure, and leaves an answer it does not recognise untouched, so composing them is safe.
 */
import { isSuccessStatus, type RawHttpResponse } from '../core/http.ts';
import { isJsonObject, parseJsonObject, type JsonObject } from '../core/json.ts';
import type { ResponseNormalizer } from './types.ts';

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'expires_in', 'scope', 'token_type', 'id_token'];

function withJsonBody(response: RawHttpResponse, body: JsonObject, status: number = response.status): RawHttpResponse {
  return { status, headers: { ...response.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Applies `edit` to a JSON-object body; anything else passes through. */
function editJson(edit: (body: JsonObject, response: RawHttpResponse) => RawHttpResponse | undefined): ResponseNormalizer {
  return (response) => {
    const body = parseJsonObject(response.body);
    return (body && edit(body, response)) ?? response;
  };
}

export function compose(...normalizers: ResponseNormalizer[]): ResponseNormalizer {
  return (response) => normalizers.reduce((current, normalize) => normalize(current), response);
}

/** GitHub answers `application/x-www-form-urlencoded` unless it honours `Accept: application/json`. */
export const formBodyToJson: ResponseNormalizer = (response) => {
  const contentType = response.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return response;
  if (parseJsonObject(response.body) !== undefined) return response;
  return withJsonBody(response, Object.fromEntries(new URLSearchParams(response.body)));
};

/**
 * GitHub (and Reddit) report token errors with HTTP 200. The core already refuses them; this gives
 * the resulting ProviderError a 4xx status so callers that branch on status see a failure.
 */
export const errorBodyMeansFailure: ResponseNormalizer = editJson((body, response) =>
  isSuccessStatus(response.status) && typeof body['error'] === 'string' ? withJsonBody(response, body, 400) : undefined,
);

/** Slack Web API: HTTP 200 `{ok:false,error}` is a failure (SECURITY 15). */
export const okFalseToError: ResponseNormalizer = editJson((body, response) => {
  if (body['ok'] !== false) return undefined;
  const error = typeof body['error'] === 'string' && body['error'] !== '' ? body['error'] : 'unknown_error';
  return withJsonBody(response, { ...body, error }, isSuccessStatus(response.status) ? 400 : response.status);
});

/**
 * Slack's `oauth.v2.access` nests the user token under `authed_user` next to the bot token. The
 * nested token replaces the top-level one entirely: a bot refresh token must never be stored as
 * the user's.
 */
export function liftNestedToken(key: string): ResponseNormalizer {
  return editJson((body, response) => {
    const nested = body[key];
    if (!isJsonObject(nested) || typeof nested['access_token'] !== 'string' || nested['access_token'] === '') return undefined;
    const lifted: JsonObject = Object.fromEntries(Object.entries(body).filter(([name]) => !TOKEN_FIELDS.includes(name)));
    return withJsonBody(response, { ...lifted, ...nested });
  });
}

/** Provider token types that are bearer tokens under another name (Slack's `bot`, `user`). */
export function tokenTypeAliases(aliases: readonly string[]): ResponseNormalizer {
  const lower = new Set(aliases.map((alias) => alias.toLowerCase()));
  return editJson((body, response) => {
    const type = body['token_type'];
    return typeof type === 'string' && lower.has(type.toLowerCase())
      ? withJsonBody(response, { ...body, token_type: 'Bearer' })
      : undefined;
  });
}

/** Comma-separated scopes in answers (GitHub, Slack, Linear) become RFC 6749 §3.3 space-separated. */
export const commaScopesToSpaces: ResponseNormalizer = editJson((body, response) => {
  const scope = body['scope'];
  if (typeof scope !== 'string' || !scope.includes(',')) return undefined;
  return withJsonBody(response, { ...body, scope: scope.split(/[\s,]+/).filter(Boolean).join(' ') });
});

/**
 * Providers that answer errors as `{status, message}` (Twitch) get an RFC 6749 §5.2 `error`:
 * `table` maps lower-cased messages to OAuth codes, so "Invalid refresh token" can become
 * `invalid_grant` and trigger re-authorization.
 */
export function messageToOAuthError(table: Readonly<Record<string, string>>): ResponseNormalizer {
  return editJson((body, response) => {
    const message = body['message'];
    if (isSuccessStatus(response.status) || typeof message !== 'string') return undefined;
    const mapped = table[message.trim().toLowerCase()];
    const existing = typeof body['error'] === 'string' && body['error'] !== '' ? body['error'] : undefined;
    const error = mapped ?? existing ?? 'unknown_error';
    const description = typeof body['error_description'] === 'string' ? body['error_description'] : message;
    return withJsonBody(response, { ...body, error, error_description: description });
  });
}

/**
 * Revoking a token that is already invalid reached the goal. RFC 7009 §2.2 answers 200 for it;
 * some providers (Google, Twitch) answer an error instead, which would abort the second revocation.
 */
export function errorsMeanRevoked(errors: readonly string[]): ResponseNormalizer {
  return editJson((body, response) =>
    !isSuccessStatus(response.status) && typeof body['error'] === 'string' && errors.includes(body['error'])
      ? { status: 200, headers: { ...response.headers }, body: '' }
      : undefined,
  );
}

/** Renames members of a JSON answer (Google's device flow says `verification_url` for RFC 8628's `verification_uri`). */
export function renameMembers(names: Readonly<Record<string, string>>): ResponseNormalizer {
  return editJson((body, response) => {
    const present = Object.keys(names).filter((from) => from in body && !((names[from] as string) in body));
    if (present.length === 0) return undefined;
    const renamed: JsonObject = { ...body };
    for (const from of present) {
      renamed[names[from] as string] = renamed[from];
      delete renamed[from];
    }
    return withJsonBody(response, renamed);
  });
}

/** Maps a provider's own `error` codes to the standard ones (Microsoft: `authorization_declined` is `access_denied`). */
export function renameErrors(codes: Readonly<Record<string, string>>): ResponseNormalizer {
  return editJson((body, response) => {
    const error = body['error'];
    const standard = typeof error === 'string' ? codes[error] : undefined;
    return standard === undefined ? undefined : withJsonBody(response, { ...body, error: standard });
  });
}
