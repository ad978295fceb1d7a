import type { Dispatcher } from 'undici';
import type { IHttpResponse, RequestMethod } from '@rocket.chat/apps-engine/definition/accessors/index.js';

const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 307, 308]);

/** Rocket.Chat's response shape: lower-case headers, the body as text, and as JSON when it is JSON. */
export function toResponse(method: RequestMethod, url: string, response: Dispatcher.ResponseData, body: Buffer): IHttpResponse {
  const headers = flattenHeaders(response.headers);
  const content = body.toString('utf8');
  const result: IHttpResponse = { url, method, statusCode: response.statusCode, headers, content };
  const data = isJson(headers['content-type']) ? parseJson(content) : undefined;
  if (data !== undefined) {
    result.data = data;
  }
  return result;
}

/**
 * A redirect the request would have followed: undici's redirect interceptor hands it over as the
 * answer once it has followed as many as allowed.
 */
export function isRedirectToFollow(response: Dispatcher.ResponseData): boolean {
  return REDIRECT_STATUSES.has(response.statusCode) && response.headers.location !== undefined;
}

/** undici gives lower-case names; a repeated header (set-cookie) comes as an array. */
function flattenHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true; // the usual answer, without taking it apart
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime.endsWith('+json');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // `content` still holds the text; callers decide what a non-JSON body means
  }
}
