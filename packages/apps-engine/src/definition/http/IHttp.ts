/** Rocket.Chat's request options, plus a few Plugboard additions marked below. */
export interface IHttpRequest {
  /** A raw body (string); wins over `data`. */
  content?: string;
  /** A body serialised as JSON. */
  data?: unknown;
  query?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** HTTP Basic credentials as `user:password` (Rocket.Chat's form). */
  auth?: string;
  /** Milliseconds; the host applies a default when absent. */
  timeout?: number;
  strictSSL?: boolean;
  /** Plugboard: follow redirects (default true, as Rocket.Chat; back-channel OAuth calls pass false). */
  followRedirects?: boolean;
  /** Plugboard: refuse a response body larger than this many bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /** Plugboard: cancels the request. */
  signal?: AbortSignal;
}

export interface IHttpResponse {
  url: string;
  method: RequestMethod;
  statusCode: number;
  headers?: Record<string, string>;
  /** The body as text. */
  content?: string;
  /** The body parsed as JSON when it is JSON. */
  data?: unknown;
}

export type RequestMethod = 'get' | 'post' | 'put' | 'delete' | 'head' | 'options' | 'patch';

/**
 * Outbound HTTP. Non-2xx answers resolve (inspect `statusCode`); only transport failures reject,
 * with an {@link HttpTransportError}.
 */
export interface IHttp {
  get(url: string, options?: IHttpRequest): Promise<IHttpResponse>;
  post(url: string, options?: IHttpRequest): Promise<IHttpResponse>;
  put(url: string, options?: IHttpRequest): Promise<IHttpResponse>;
  del(url: string, options?: IHttpRequest): Promise<IHttpResponse>;
  patch(url: string, options?: IHttpRequest): Promise<IHttpResponse>;
}

export type HttpTransportErrorKind = 'timeout' | 'network' | 'too_large' | 'aborted' | 'redirect';

/** The request never produced a usable answer. Carries no headers or bodies (they may hold secrets). */
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

/** Defaults an app sets for all its outbound requests. */
export interface IHttpExtend {
  provideDefaultHeader(key: string, value: string): void;
  provideDefaultHeaders(headers: Record<string, string>): void;
  provideDefaultParam(key: string, value: string): void;
  provideDefaultParams(params: Record<string, string>): void;
}
