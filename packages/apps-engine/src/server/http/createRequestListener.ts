import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api/index.js';
import type { IHttp, ILogger, IModify, IPersistence, IRead, RequestMethod } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import { methodsOf, type AppEndpoints, type HttpMethod } from '../apps/AppEndpoints.ts';
import type { HttpObserver } from '../observe/HttpExchange.ts';
import { redactUrl } from '../observe/redactUrl.ts';
import type { AllowedHosts } from './AllowedHosts.ts';
import { parseContent } from './parseContent.ts';
import { readBody } from './readBody.ts';
import { RequestRejected } from './RequestRejected.ts';
import { searchParamsToRecord } from './searchParams.ts';
import { sendApiResponse, sendError } from './sendResponse.ts';

const PUBLIC_PREFIX = ['api', 'apps', 'public'];

/** What the inbound side needs of an enabled app. */
export interface ServedApp {
  readonly endpoints: AppEndpoints;
  readonly logger: ILogger;
  readonly read: IRead;
  readonly modify: IModify;
  readonly http: IHttp;
  readonly persistence: IPersistence;
}

/** What the host's `authenticate` hook sees of a request (never its body). */
export interface IncomingRequestInfo {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string>;
}

/** Handles requests outside `/api/apps/` (the dev console's page at `/`). Call `next()` to pass. */
export type ExtraHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void | Promise<void>;

export interface InboundOptions {
  findApp(appId: string): ServedApp | undefined;
  maxBodyBytes: number;
  authenticate?: ((request: IncomingRequestInfo) => Promise<IUser | undefined>) | undefined;
  /** When set, every other `Host` gets 421 before anything else runs. */
  allowedHosts?: AllowedHosts | undefined;
  extraHandlers: readonly ExtraHandler[];
  hostLogger: ILogger;
  /** Hears each request an app endpoint answered (the host's `http` event). */
  observer?: HttpObserver | undefined;
}

/** The host's `node:http` request listener: app endpoints under `/api/apps/public/`, the rest to extra handlers. */
export function createRequestListener(options: InboundOptions): RequestListener {
  return (request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      options.hostLogger.error(`${request.method} ${pathOnly(request.url)} failed:`, error);
      sendError(response, 500, 'internal_error');
    });
  };
}

async function handle(options: InboundOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (options.allowedHosts && !options.allowedHosts.allows(request.headers.host)) {
    // RFC 9110 §15.5.20: this server does not answer for that name. The body is not read.
    sendError(response, 421, 'misdirected_request', { connection: 'close' });
    return;
  }
  const url = parseUrl(request.url);
  if (url && !url.pathname.startsWith('/api/apps/')) {
    return runExtraHandlers(options.extraHandlers, request, response);
  }
  try {
    if (!url) {
      throw new RequestRejected(400, 'invalid_path');
    }
    await serveApp(options, request, response, url);
  } catch (error) {
    if (!(error instanceof RequestRejected)) {
      throw error;
    }
    sendError(response, error.status, error.code, error.headers);
  }
}

async function serveApp(options: InboundOptions, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const segments = decodeSegments(url.pathname);
  // ['', 'api', 'apps', 'public', appId, ...path]
  const appId = segments[4];
  const app = isPublicPath(segments) && appId !== undefined ? options.findApp(appId) : undefined;
  const match = app?.endpoints.match(segments.slice(5));
  if (!app || !match || appId === undefined) {
    throw new RequestRejected(404, 'not_found');
  }
  if (options.observer?.active()) {
    const observer = options.observer;
    const time = new Date();
    response.once('finish', () =>
      observer.record({ direction: 'inbound', appId, method: request.method ?? '', url: redactUrl(request.url ?? '/'), status: response.statusCode, time, durationMs: Date.now() - time.getTime() }),
    );
  }
  const method = (request.method ?? '').toLowerCase() as HttpMethod;
  const handler = methodsOf(match.endpoint).includes(method) ? match.endpoint[method] : undefined;
  if (!handler) {
    const allow = methodsOf(match.endpoint).map((name) => name.toUpperCase()).join(', ');
    throw new RequestRejected(405, 'method_not_allowed', { allow });
  }
  const headers = flattenHeaders(request);
  const body = await readBody(request, options.maxBodyBytes);
  const apiRequest: IApiRequest = {
    method: method as RequestMethod,
    headers,
    // A name given twice arrives as an array (as on Rocket.Chat); the OAuth callback refuses those.
    query: searchParamsToRecord(url.searchParams) as IApiRequest['query'],
    params: match.params,
    content: parseContent(headers['content-type'], body),
  };
  const user = await authenticate(options, { method: method.toUpperCase(), url: request.url ?? '/', headers });
  if (user) {
    apiRequest.user = user;
  }
  const fullPath = `${app.endpoints.basePath}/${match.path}`;
  let answer: IApiResponse;
  try {
    answer = await handler.call(match.endpoint, apiRequest, { basePath: app.endpoints.basePath, fullPath, appId }, app.read, app.modify, app.http, app.persistence);
    sendApiResponse(response, answer);
  } catch (error) {
    // Logged once, under the app's id; the client learns nothing of the internals.
    app.logger.error(`${method.toUpperCase()} ${fullPath} failed:`, error);
    sendError(response, 500, 'internal_error');
  }
}

async function runExtraHandlers(handlers: readonly ExtraHandler[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  for (const handler of handlers) {
    let passed = false;
    await handler(request, response, () => {
      passed = true;
    });
    if (!passed) {
      return;
    }
  }
  sendError(response, 404, 'not_found');
}

async function authenticate(options: InboundOptions, info: IncomingRequestInfo): Promise<IUser | undefined> {
  if (!options.authenticate) {
    return undefined;
  }
  try {
    return await options.authenticate(info);
  } catch (error) {
    // Fail closed: without a recognised user, handlers that need one refuse the request.
    options.hostLogger.error('authenticate hook failed:', error);
    return undefined;
  }
}

function isPublicPath(segments: readonly string[]): boolean {
  return segments[0] === '' && PUBLIC_PREFIX.every((part, index) => segments[index + 1] === part);
}

/** Origin-form request targets only (`/path?query`); anything else is refused. */
function parseUrl(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) {
    return undefined;
  }
  try {
    return new URL(`http://host.invalid${target}`);
  } catch {
    return undefined;
  }
}

function decodeSegments(pathname: string): string[] {
  try {
    // Only a segment with an escape needs decoding (and only such a segment can be malformed).
    return pathname.split('/').map((segment) => (segment.includes('%') ? decodeURIComponent(segment) : segment));
  } catch {
    throw new RequestRejected(400, 'invalid_path');
  }
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

/** Log lines name the path only: query strings carry codes and states. */
function pathOnly(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}
