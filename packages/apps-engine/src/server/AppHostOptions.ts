import type Keyv from 'keyv';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';
import type { UserInput } from './users/UserDirectory.ts';
import type { IncomingRequestInfo } from './http/createRequestListener.ts';
import type { LogSink } from './logging/LogSink.ts';
import type { IPersistenceBridge } from './persistence/IPersistenceBridge.ts';
import type { SchedulerOptions } from './scheduler/HostScheduler.ts';

export interface AppHostOptions {
  /** Public base URL (`Site_Url`); every redirect URI derives from it. Default: the URL `listen()` returns. */
  siteUrl?: string;
  /**
   * Any Keyv: in-memory (the default), `@keyv/sqlite`, `@keyv/redis`. The host makes it throw on
   * store errors. Or a location, `redis://…`, `rediss://…` or `sqlite://<file>`: the host then loads
   * `@keyv/redis` or `@keyv/sqlite` (optional peer dependencies: install the one you use) and
   * disconnects the store when it closes.
   */
  store?: Keyv | string;
  /** A host-written bridge, instead of `store`. */
  persistence?: IPersistenceBridge;
  /**
   * Where apps' jobs (`modify.getScheduler()`) run. Default: in this process over the store, or on
   * BullMQ when `store` is a Redis location. Several hosts sharing a store need `{ redis }`.
   */
  scheduler?: SchedulerOptions;
  /**
   * 32 bytes (raw or base64) kept outside the store: every app record (tokens, pending
   * authorizations, settings values) is then stored AES-256-GCM encrypted.
   */
  encryptionKey?: Uint8Array | string;
  /** Where log lines go (already redacted). Default: the console. */
  logger?: LogSink;
  /** The administrator who installs apps (`IAppInstallationContext.user`). Default: `admin`, created on first use. */
  adminUser?: UserInput;
  /** The `Site_Name` server setting. Default `Plugboard`. */
  siteName?: string;
  /** Environment variables apps may read through `getEnvironmentVariables()`. Default `['NODE_ENV']`; `ROOT_URL` is the site URL. */
  environmentVariables?: string[];
  /** Deadline of an outbound request when the app sets none. Default 10 000 ms. */
  httpTimeoutMs?: number;
  /** Largest inbound request body; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Recognises the chat user behind an inbound request (a session cookie, say). The result is put
   * on `IApiRequest.user`: the OAuth callback uses it to check the browser belongs to the user who
   * started the flow.
   */
  authenticate?: (request: IncomingRequestInfo) => Promise<IUser | undefined>;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}
