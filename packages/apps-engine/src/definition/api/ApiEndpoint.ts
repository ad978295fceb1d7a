import { HttpStatusCode } from '../http/HttpStatusCode.ts';
import type { IApp } from '../app/IApp.ts';
import type { IApiEndpoint, IApiResponse } from './IApi.ts';

/** Base class for endpoints written as classes (Rocket.Chat style): `get`/`post`/... as methods. */
export abstract class ApiEndpoint implements IApiEndpoint {
  abstract path: string;

  constructor(public readonly app: IApp) {}

  protected success(content?: unknown): IApiResponse {
    return content === undefined ? { status: HttpStatusCode.OK } : { status: HttpStatusCode.OK, content };
  }

  protected json(response: { status?: number; headers?: Record<string, string>; content?: unknown }): IApiResponse {
    return {
      status: response.status ?? HttpStatusCode.OK,
      headers: { 'content-type': 'application/json', ...response.headers },
      content: response.content,
    };
  }
}
