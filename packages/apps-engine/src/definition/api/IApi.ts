import type { IHttp } from '../http/IHttp.ts';
import type { IModify } from '../accessors/IModify.ts';
import type { IRead } from '../accessors/IRead.ts';
import type { IPersistence } from '../persistence/IPersistence.ts';
import type { IUser } from '../users/IUser.ts';

export enum ApiVisibility {
  /** Served at `/api/apps/public/<appId>/<path>`. */
  PUBLIC = 'public',
  /** Served at `/api/apps/private/<appId>/<hash>/<path>` (not served by this host yet). */
  PRIVATE = 'private',
}

export enum ApiSecurity {
  UNSECURE = 'unsecure',
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface IApiRequest {
  method: HttpMethod;
  headers: Record<string, string>;
  /** Query parameters; a name given twice arrives as an array. */
  query: Record<string, string | string[]>;
  params: Record<string, string>;
  /** The parsed body: JSON, form fields, or the raw text. */
  content: unknown;
  privateHash?: string;
  /** Plugboard: the chat user the host's `authenticate` hook recognised in this request, if any. */
  user?: IUser;
}

export interface IApiResponse {
  status: number;
  headers?: Record<string, string>;
  content?: unknown;
}

export interface IApiEndpointInfo {
  basePath: string;
  fullPath: string;
  appId: string;
  hash?: string;
}

export type ApiHandler = (
  request: IApiRequest,
  endpoint: IApiEndpointInfo,
  read: IRead,
  modify: IModify,
  http: IHttp,
  persis: IPersistence,
) => Promise<IApiResponse>;

export interface IApiExample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  content?: unknown;
}

/** An endpoint: a path (relative to the app's base path) and a handler per method. */
export interface IApiEndpoint {
  path: string;
  examples?: Record<string, IApiExample>;
  get?: ApiHandler;
  post?: ApiHandler;
  put?: ApiHandler;
  delete?: ApiHandler;
  patch?: ApiHandler;
}

export interface IApi {
  visibility: ApiVisibility;
  security: ApiSecurity;
  endpoints: IApiEndpoint[];
}

/** What an app can see of the endpoints it provides, with their computed public paths. */
export interface IApiEndpointMetadata {
  path: string;
  /** `/api/apps/public/<appId>/<path>` */
  computedPath: string;
  methods: HttpMethod[];
  examples?: Record<string, IApiExample>;
}

export interface IApiExtend {
  provideApi(api: IApi): void;
}
