import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/index.js';

/**
 * Plugboard extensions of Rocket.Chat's `IHttpRequest`. Rocket.Chat's server ignores unknown
 * fields, so an app may always pass them.
 */
export interface IHttpRequestExtensions {
  /** Follow redirects (default true, as Rocket.Chat; back-channel OAuth calls pass false). */
  followRedirects?: boolean;
  /** Refuse a response body larger than this many bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** What Plugboard's `IHttp` accepts: Rocket.Chat's request plus the extensions. */
export type PlugboardHttpRequest = IHttpRequest & IHttpRequestExtensions;

export type HttpTransportErrorKind = 'timeout' | 'network' | 'too_large' | 'aborted' | 'redirect';

/**
 * Plugboard's `IHttp` rejects with this when a request never produced a usable answer (non-2xx
 * answers resolve). Carries no headers or bodies: they may hold secrets.
 */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';

  constructor(
    readonly kind: HttpTransportErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Plugboard's `IHttp`: Rocket.Chat's, taking the request extensions too. */
export interface IPlugboardHttp extends IHttp {
  get(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse>;
  post(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse>;
  put(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse>;
  del(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse>;
  patch(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse>;
}
