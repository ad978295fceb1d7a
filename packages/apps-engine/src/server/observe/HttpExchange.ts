import type { HttpTransportErrorKind } from '../../definition/extensions/http.ts';

/**
 * One HTTP request an app made (`outbound`, through its `IHttp`) or one of its endpoints answered
 * (`inbound`), as the host's `http` event tells it. Built to be shown to a developer (the dev
 * console's request log): nothing in it is a credential. The URL's query values are masked except
 * for a few known harmless names, no header and no body is kept, and only the body fields that
 * say what a request was for (`grant_type`, `token_type_hint`, ...) survive.
 */
export interface HttpExchange {
  direction: 'outbound' | 'inbound';
  appId: string;
  /** Upper case. */
  method: string;
  /** Outbound: the absolute URL; inbound: the path. Query values masked (see `redactUrl`). */
  url: string;
  /** The answer's status; absent when none came (see `failure`). */
  status?: number;
  /** Outbound: why no usable answer came. */
  failure?: HttpTransportErrorKind;
  /** When the request started. */
  time: Date;
  durationMs: number;
  /** Form (or JSON) body fields that name the request's purpose, never a credential. */
  fields?: Record<string, string>;
  /** Outbound: the OAuth error code (RFC 6749 §5.2 `error`) of a JSON error answer, when it has one. */
  error?: string;
}

/** Where the host hands exchanges; `active()` lets the hot path skip the work when nobody listens. */
export interface HttpObserver {
  active(): boolean;
  record(exchange: HttpExchange): void;
}
