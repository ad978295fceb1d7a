import type { ServerResponse } from 'node:http';
import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api/index.js';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes an endpoint's answer: a string as-is (text/plain unless the handler set a type), bytes
 * as-is, anything else as JSON. The handler's headers are sent (the OAuth pages set Cache-Control,
 * Referrer-Policy and Content-Security-Policy). Throws on an invalid status or header, before
 * anything is written, so the caller can still answer 500.
 */
export function sendApiResponse(response: ServerResponse, answer: IApiResponse): void {
  const status = answer?.status ?? 200;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`Invalid status ${String(status)}`);
  }
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  const { body, type } = encode(answer.content);
  if (type && headers['content-type'] === undefined) {
    headers['content-type'] = type;
  }
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length);
  response.writeHead(status, headers);
  // Text goes to node as a string: it sends the head and a string body in one write (a Buffer body
  // is a second chunk, written with writev).
  response.end(body, 'utf8');
}

/** The host's own answers (404, 405, 413, 400, 500): small JSON objects with a stable `error` code. */
export function sendError(response: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendApiResponse(response, { status, headers, content: { error: code } });
}

function encode(content: unknown): { body: string | Buffer; type?: string } {
  if (content === undefined || content === null) {
    return { body: '' };
  }
  if (typeof content === 'string') {
    return { body: content, type: TEXT };
  }
  if (content instanceof Uint8Array) {
    return { body: Buffer.from(content), type: 'application/octet-stream' };
  }
  return { body: JSON.stringify(content), type: JSON_TYPE };
}
