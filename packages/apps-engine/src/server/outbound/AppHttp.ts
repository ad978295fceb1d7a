import axios, { type AxiosResponse } from 'axios';
import { inject, injectable } from 'inversify';
import { HttpTransportError, type PlugboardHttpRequest } from '../../definition/extensions/http.ts';
import { RequestMethod, type IHttp, type IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { TOKENS, type HostConfig } from '../container/tokens.ts';
import type { HttpDefaults } from './HttpDefaults.ts';
import type { OutboundAgents } from './OutboundAgents.ts';
import { toResponse } from './toResponse.ts';
import { toTransportError, type AbortReason } from './transportError.ts';

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * An app's outbound HTTP on axios, with Rocket.Chat's request and response shapes. Non-2xx answers
 * resolve; only transport failures reject, each with a fresh `HttpTransportError`.
 */
@injectable()
export class AppHttp implements IHttp {
  constructor(
    @inject(TOKENS.HttpDefaults) private readonly defaults: HttpDefaults,
    @inject(TOKENS.HostConfig) private readonly config: HostConfig,
    @inject(TOKENS.OutboundAgents) private readonly agents: OutboundAgents,
  ) {}

  get(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call(RequestMethod.GET, url, options);
  }

  post(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call(RequestMethod.POST, url, options);
  }

  put(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call(RequestMethod.PUT, url, options);
  }

  del(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call(RequestMethod.DELETE, url, options);
  }

  patch(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call(RequestMethod.PATCH, url, options);
  }

  private async call(method: RequestMethod, url: string, options: PlugboardHttpRequest = {}): Promise<IHttpResponse> {
    const target = this.target(url, options);
    const timeoutMs = options.timeout ?? this.config.httpTimeoutMs;
    // One controller for both the app's signal and our deadline. axios' own `timeout` only watches
    // socket inactivity; a server trickling bytes would never trip it (RFC 9700 §4 asks for deadlines).
    const controller = new AbortController();
    let reason: AbortReason | undefined;
    const abort = (why: AbortReason): void => {
      reason ??= why;
      controller.abort();
    };
    const onAbort = (): void => abort('aborted');
    if (options.signal?.aborted) {
      throw new HttpTransportError('aborted', `${method.toUpperCase()} ${target.origin}${target.pathname}: the request was aborted`);
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => abort('timeout'), timeoutMs);
    try {
      const response: AxiosResponse<ArrayBuffer> = await axios.request({
        url: target.href,
        method,
        headers: { ...this.defaults.headers, ...options.headers },
        data: options.content ?? options.data,
        responseType: 'arraybuffer',
        validateStatus: () => true,
        maxRedirects: options.followRedirects === false ? 0 : MAX_REDIRECTS,
        maxContentLength: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        signal: controller.signal,
        // Secrets travel in these requests: never route them through a proxy taken from the environment.
        proxy: false,
        // Keep-alive sockets shared by the host's apps (the deadline and the size cap are per request).
        httpAgent: this.agents.http,
        httpsAgent: options.strictSSL === false ? this.agents.httpsUnverified : this.agents.https,
        ...(options.auth === undefined ? {} : { auth: basicAuth(options.auth) }),
      });
      return toResponse(method, target, response);
    } catch (error) {
      throw toTransportError(error, method, target, reason, timeoutMs);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The URL with the app's default params, then `params`, then the raw `query` string appended. */
  private target(url: string, options: PlugboardHttpRequest): URL {
    const target = new URL(url);
    for (const [name, value] of Object.entries({ ...this.defaults.params, ...options.params })) {
      target.searchParams.append(name, value);
    }
    if (options.query) {
      const query = options.query.replace(/^\?/, '');
      target.search = target.search ? `${target.search}&${query}` : `?${query}`;
    }
    return target;
  }
}

/** Rocket.Chat's `auth: 'user:password'`; the password may itself contain colons. */
function basicAuth(auth: string): { username: string; password: string } {
  const colon = auth.indexOf(':');
  return colon === -1 ? { username: auth, password: '' } : { username: auth.slice(0, colon), password: auth.slice(colon + 1) };
}
