import type { IHttpExtend, IHttpPreRequestHandler, IHttpPreResponseHandler } from '@rocket.chat/apps-engine/definition/accessors/index.js';

/**
 * What an app sets for all its outbound requests during configuration (`configuration.http`):
 * default headers and query parameters, and handlers that see every request and response.
 */
export class HttpDefaults implements IHttpExtend {
  readonly headers: Record<string, string> = {};
  readonly params: Record<string, string> = {};
  readonly preRequestHandlers: IHttpPreRequestHandler[] = [];
  readonly preResponseHandlers: IHttpPreResponseHandler[] = [];

  provideDefaultHeader(key: string, value: string): void {
    this.headers[key] = value;
  }

  provideDefaultHeaders(headers: Record<string, string>): void {
    Object.assign(this.headers, headers);
  }

  provideDefaultParam(key: string, value: string): void {
    this.params[key] = value;
  }

  provideDefaultParams(params: Record<string, string>): void {
    Object.assign(this.params, params);
  }

  providePreRequestHandler(handler: IHttpPreRequestHandler): void {
    this.preRequestHandlers.push(handler);
  }

  providePreResponseHandler(handler: IHttpPreResponseHandler): void {
    this.preResponseHandlers.push(handler);
  }

  getDefaultHeaders(): Map<string, string> {
    return new Map(Object.entries(this.headers));
  }

  getDefaultParams(): Map<string, string> {
    return new Map(Object.entries(this.params));
  }

  getPreRequestHandlers(): IHttpPreRequestHandler[] {
    return [...this.preRequestHandlers];
  }

  getPreResponseHandlers(): IHttpPreResponseHandler[] {
    return [...this.preResponseHandlers];
  }
}
