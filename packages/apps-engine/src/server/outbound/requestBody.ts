import type { PlugboardHttpRequest } from '../../definition/extensions/http.ts';

/** What axios sent when an app named no `Accept`; kept so that apps see the same answers. */
const DEFAULT_ACCEPT = 'application/json, text/plain, */*';
/** Some APIs (GitHub's) refuse requests without a `User-Agent`; an app's own replaces it. */
const DEFAULT_USER_AGENT = 'plugboard';

/**
 * The headers and body of an app's request, Rocket.Chat's way: `content` is sent as it is; otherwise
 * `data` is sent as JSON (a string as it is) with `Content-Type: application/json` unless the app set
 * one; `auth: 'user:password'` becomes HTTP Basic and replaces any `Authorization`. Header names are
 * lower-cased, so the app's default headers, then the call's, replace ours whatever their case.
 */
export function requestHeadersAndBody(defaults: Record<string, string>, options: PlugboardHttpRequest): { headers: Record<string, string>; body: string | null } {
  const headers: Record<string, string> = { accept: DEFAULT_ACCEPT, 'user-agent': DEFAULT_USER_AGENT };
  addHeaders(headers, defaults);
  addHeaders(headers, options.headers);
  if (options.auth !== undefined) {
    // The password may itself contain colons: the whole string is the user-pass of RFC 7617.
    headers.authorization = `Basic ${Buffer.from(options.auth, 'utf8').toString('base64')}`;
  }
  let body: string | null = null;
  if (options.content !== undefined && options.content !== null) {
    body = options.content;
  } else if (options.data !== undefined) {
    if (typeof options.data === 'string') {
      body = options.data;
    } else {
      body = JSON.stringify(options.data);
      headers['content-type'] ??= 'application/json';
    }
  }
  return { headers, body };
}

function addHeaders(headers: Record<string, string>, extra: Record<string, string> | undefined): void {
  if (!extra) return;
  for (const name of Object.keys(extra)) {
    const value = extra[name];
    if (value !== undefined && value !== null) {
      headers[name.toLowerCase()] = String(value);
    }
  }
}
