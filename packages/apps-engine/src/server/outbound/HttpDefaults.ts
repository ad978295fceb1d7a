import type { IHttpExtend } from '../../definition/http/IHttp.ts';

/** Headers and query parameters an app adds to all its outbound requests (`configuration.http`). */
export class HttpDefaults implements IHttpExtend {
  readonly headers: Record<string, string> = {};
  readonly params: Record<string, string> = {};

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
}
