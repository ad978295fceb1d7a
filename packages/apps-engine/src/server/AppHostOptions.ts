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
   * 32 bytes (raw or base64) kept outside the store, or a list of them, newest first (rotation:
   * records are written with the first, read with any): every app record (tokens, pending
   * authorizations, settings values) is then stored AES-256-GCM encrypted, bound to its app and
   * its place (id or associations). Records in clear are then refused; see `encryptionMigration`.
   */
  encryptionKey?: Uint8Array | string | ReadonlyArray<Uint8Array | string>;
  /**
   * The explicit migration step after setting a first `encryptionKey` (or upgrading from a
   * version that bound records to their app only): while true, such records are still read, each
   * reported once in the host's log (app and place, never content), and sealed anew on their next
   * write. Turn it off once the records you keep have been written again. Default false.
   */
  encryptionMigration?: boolean;
  /** Where log lines go (already redacted). Default: the console. */
  logger?: LogSink;
  /** The administrator who installs apps (`IAppInstallationContext.user`). Default: `admin`, created on first use. */
  adminUser?: UserInput;
  /** The `Site_Name` server setting. Default `Plugboard`. */
  siteName?: string;
  /** Environment variables apps may read through `getEnvironmentVariables()`. Default `['NODE_ENV']`; `ROOT_URL` is the site URL. */
  environmentVariables?: string[];
  /**
   * Milliseconds a setting value read from the store is reused on this host. A value set through
   * this host is seen at once; one set through another host sharing the store, within this time.
   * Default 1 000; 0 reads the store every time.
   */
  settingsCacheMs?: number;
  /** Deadline of an outbound request when the app sets none. Default 10 000 ms. */
  httpTimeoutMs?: number;
  /** Largest inbound request body; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Milliseconds a client has to send a request's complete headers, from the moment it connects
   * (or starts its next request on a kept-alive connection); later, it gets 408 and is cut off
   * (slowloris). Default 10 000 (node's own is 60 000). 0 disables it: do not, unless a proxy in
   * front enforces one.
   */
  headersTimeout?: number;
  /**
   * Milliseconds a client has to send a whole request, body included; later, 408 and cut off.
   * Default 30 000 (node's own is 300 000): time for `maxBodyBytes` on a slow link. 0 disables it.
   * Must be at least `headersTimeout`.
   */
  requestTimeout?: number;
  /**
   * Milliseconds an idle kept-alive connection stays open after a response. Default 5 000 (node's).
   * Behind a proxy or load balancer that reuses connections, make it longer than the proxy's idle
   * timeout, or the proxy may send a request on a socket the host is closing (a 502).
   */
  keepAliveTimeout?: number;
  /**
   * Open connections the host accepts at once; one beyond this is closed as soon as it is accepted
   * (refused, not queued: the client sees a reset and may retry). Default 1 024 (node: unlimited).
   * `Infinity` removes the limit.
   */
  maxConnections?: number;
  /**
   * `Host` header values the host answers to: `name` (any port) or `name:port`, e.g.
   * `['chat.example.com']`. Any other request, or one without a `Host`, gets 421 before any app
   * code or `use()` handler runs (DNS rebinding: a hostile name resolved to this address arrives
   * with its own name). Default: not checked (a proxy in front may check it instead).
   */
  allowedHosts?: readonly string[];
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
