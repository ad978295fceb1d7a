import type { AxiosResponse } from 'axios';
import type { IHttpResponse, RequestMethod } from '@rocket.chat/apps-engine/definition/accessors/index.js';

/** Rocket.Chat's response shape: lower-case headers, the body as text, and as JSON when it is JSON. */
export function toResponse(method: RequestMethod, url: URL, response: AxiosResponse<ArrayBuffer>): IHttpResponse {
  const headers = flattenHeaders(response.headers);
  const content = Buffer.from(response.data ?? new ArrayBuffer(0)).toString('utf8');
  const result: IHttpResponse = { url: finalUrl(response) ?? url.href, method, statusCode: response.status, headers, content };
  const data = isJson(headers['content-type']) ? parseJson(content) : undefined;
  if (data !== undefined) {
    result.data = data;
  }
  return result;
}

function flattenHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  const source = raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON(): object }).toJSON() : raw;
  for (const [name, value] of Object.entries((source ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  return headers;
}

function isJson(contentType: string | undefined): boolean {
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

/** Where the answer came from after followed redirects (follow-redirects records it on the response). */
function finalUrl(response: AxiosResponse): string | undefined {
  const responseUrl = (response.request as { res?: { responseUrl?: unknown } } | undefined)?.res?.responseUrl;
  return typeof responseUrl === 'string' ? responseUrl : undefined;
}
