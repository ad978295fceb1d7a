import { inject, injectable } from 'inversify';
import type { Dispatcher } from 'undici';
import { HttpTransportError, type PlugboardHttpRequest } from '../../definition/extensions/http.ts';
import { RequestMethod, type IHttp, type IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { TOKENS, type HostConfig } from '../container/tokens.ts';
import type { HttpExchange, HttpObserver } from '../observe/HttpExchange.ts';
import { errorCode, purposeFields, redactUrl } from '../observe/redactUrl.ts';
import type { HttpDefaults } from './HttpDefaults.ts';
import type { OutboundAgents } from './OutboundAgents.ts';
import { RequestAbort } from './RequestAbort.ts';
import { requestHeadersAndBody } from './requestBody.ts';
import { isRedirectToFollow, toResponse } from './toResponse.ts';
import { toTransportError, type FailureReason } from './transportError.ts';

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

const WIRE_METHODS: Record<RequestMethod, Dispatcher.HttpMethod> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.HEAD]: 'HEAD',
  [RequestMethod.OPTIONS]: 'OPTIONS',
};

/**
 * An app's outbound HTTP on undici, with Rocket.Chat's request and response shapes. Non-2xx answers
 * resolve; only transport failures reject, each with a fresh `HttpTransportError`.
 */
@injectable()
export class AppHttp implements IHttp {
  constructor(
    @inject(TOKENS.HttpDefaults) private readonly defaults: HttpDefaults,
    @inject(TOKENS.HostConfig) private readonly config: HostConfig,
    @inject(TOKENS.OutboundAgents) private readonly agents: OutboundAgents,
    @inject(TOKENS.HttpObserver) private readonly observer: HttpObserver,
    @inject(TOKENS.AppId) private readonly appId: string,
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
    if (options.signal?.aborted) {
      throw new HttpTransportError('aborted', `${method.toUpperCase()} ${target.origin}${target.pathname}: the request was aborted`);
    }
    // One switch for the app's signal, our deadline and our own refusals. The deadline covers
    // the whole request, a trickling body included (RFC 9700 §4 asks for deadlines); undici's own
    // headers and body timeouts only watch for silence.
    const controller = new RequestAbort();
    let reason: FailureReason | undefined;
    const fail = (why: FailureReason): void => {
      reason ??= why;
      controller.abort();
    };
    const onAbort = (): void => fail('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => fail('timeout'), timeoutMs);
    const observed = this.observer.active() ? this.startExchange(method, target, options) : undefined;
    let holdsSlot = false;
    try {
      const slot = this.agents.slots.take(controller);
      if (slot !== true) await slot;
      holdsSlot = true;
      const follow = options.followRedirects !== false;
      const agent = options.strictSSL === false ? this.agents.httpsUnverified : this.agents.https;
      const { headers, body } = requestHeadersAndBody(this.defaults.headers, options);
      const response = await (follow ? agent.following : agent.direct).request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: WIRE_METHODS[method] ?? method.toUpperCase(),
        headers,
        body,
        signal: controller,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (follow && isRedirectToFollow(response)) {
        // The redirect interceptor hands over the last 3xx once the limit is reached.
        fail('redirect');
        throw new Error('too many redirects');
      }
      const content = await readCapped(response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, () => fail('too_large'));
      const result = toResponse(method, finalUrl(response) ?? target.href, response, content);
      if (observed) {
        const error = errorCode(result.data);
        this.finishExchange(observed, { status: result.statusCode, ...(error === undefined ? {} : { error }) });
      }
      return result;
    } catch (error) {
      const failure = toTransportError(error, method, target, reason, timeoutMs);
      if (observed) this.finishExchange(observed, { failure: failure.kind });
      throw failure;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (holdsSlot) this.agents.slots.give();
    }
  }

  private startExchange(method: RequestMethod, target: URL, options: PlugboardHttpRequest): HttpExchange {
    const fields = purposeFields(options.content ?? options.data);
    const exchange: HttpExchange = { direction: 'outbound', appId: this.appId, method: method.toUpperCase(), url: redactUrl(target), time: new Date(), durationMs: 0 };
    if (fields) exchange.fields = fields;
    return exchange;
  }

  private finishExchange(exchange: HttpExchange, outcome: Pick<HttpExchange, 'status' | 'failure' | 'error'>): void {
    this.observer.record({ ...exchange, ...outcome, durationMs: Date.now() - exchange.time.getTime() });
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

/**
 * The body as one buffer, refused past `cap` bytes: a declared length over the cap is refused before
 * a byte is read, and the bytes are counted as they arrive (a chunked or lying answer). `refuse`
 * aborts the request, which ends the stream.
 */
function readCapped(response: Dispatcher.ResponseData, cap: number, refuse: () => void): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (declared > cap) {
    refuse();
    return Promise.reject(new Error('too large'));
  }
  // Events rather than `for await`: the async iterator costs more than a small answer's parsing.
  const body = response.body;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        refuse(); // aborts the request: the body then errors, which settles nothing more
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    body.once('error', reject);
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  });
}

/** Where the answer came from after followed redirects (the redirect interceptor's history). */
function finalUrl(response: Dispatcher.ResponseData): string | undefined {
  const history = (response.context as { history?: unknown } | undefined)?.history;
  const last = Array.isArray(history) ? history.at(-1) : undefined;
  return last instanceof URL ? last.href : undefined;
}
