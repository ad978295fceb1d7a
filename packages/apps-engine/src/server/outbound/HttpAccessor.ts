import { inject, injectable } from 'inversify';
import type { IHttp, IHttpResponse, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { PlugboardHttpRequest } from '../../definition/extensions/http.ts';
import { TOKENS } from '../container/tokens.ts';
import type { HttpDefaults } from './HttpDefaults.ts';

/**
 * The `IHttp` an app holds: the host's outbound client with the app's pre-request and
 * pre-response handlers (`configuration.http.providePreRequestHandler`, ...) run around each call,
 * in registration order, as Rocket.Chat does.
 */
@injectable()
export class HttpAccessor implements IHttp {
  constructor(
    @inject(TOKENS.RawHttp) private readonly http: IHttp,
    @inject(TOKENS.HttpDefaults) private readonly defaults: HttpDefaults,
    @inject(TOKENS.Read) private readonly read: IRead,
    @inject(TOKENS.Persistence) private readonly persistence: IPersistence,
  ) {}

  get(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call('get', url, options);
  }

  post(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call('post', url, options);
  }

  put(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call('put', url, options);
  }

  del(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call('del', url, options);
  }

  patch(url: string, options?: PlugboardHttpRequest): Promise<IHttpResponse> {
    return this.call('patch', url, options);
  }

  private async call(method: 'get' | 'post' | 'put' | 'del' | 'patch', url: string, options: PlugboardHttpRequest = {}): Promise<IHttpResponse> {
    const { preRequestHandlers, preResponseHandlers } = this.defaults;
    if (preRequestHandlers.length === 0 && preResponseHandlers.length === 0) {
      return this.http[method](url, options);
    }
    let request = options;
    for (const handler of preRequestHandlers) {
      // The extensions (signal, caps) are the caller's, not the handler's to drop.
      request = { ...options, ...(await handler.executePreHttpRequest(url, request, this.read, this.persistence)) };
    }
    let response = await this.http[method](url, request);
    for (const handler of preResponseHandlers) {
      response = await handler.executePreHttpResponse(response, this.read, this.persistence);
    }
    return response;
  }
}
