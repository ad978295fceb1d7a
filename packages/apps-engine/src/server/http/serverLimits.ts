import { createServer, type RequestListener, type Server } from 'node:http';
import { HostError } from '../errors.ts';

/** How long a connection may take, and how many there may be; see `AppHostOptions`. */
export interface ServerLimits {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  maxConnections: number;
}

/**
 * Defaults, tighter than node:http's where node's own leave a cheap attack open. Every value is
 * an `AppHostOptions` field of the same name; the README of @plugboard/apps-engine says why each.
 */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  // node: 60 s. Browsers, providers and proxies send their headers in well under a second; a client
  // that dribbles them (slowloris) holds a socket for at most this long.
  headersTimeout: 10_000,
  // node: 300 s. The whole request, body included (at most maxBodyBytes, 1 MiB by default).
  requestTimeout: 30_000,
  // node's own: an idle keep-alive socket is closed after 5 s.
  keepAliveTimeout: 5_000,
  // node: unlimited. Beyond it new connections are closed at once (not queued), so file descriptors
  // and memory stay bounded when someone opens sockets faster than they are served.
  maxConnections: 1_024,
};

/** How often node looks for connections past their headers or request deadline (its default is 30 s). */
const MAX_CHECK_INTERVAL_MS = 1_000;
const MIN_CHECK_INTERVAL_MS = 50;

function duration(name: keyof ServerLimits, value: number | undefined): number {
  const ms = value ?? DEFAULT_SERVER_LIMITS[name];
  if (!Number.isSafeInteger(ms) || ms < 0) throw new HostError('invalid_option', `${name} must be a whole number of milliseconds, 0 or more`);
  return ms;
}

/** The limits an `AppHost` serves with: its options over the defaults, checked. */
export function resolveServerLimits(options: Partial<ServerLimits>): ServerLimits {
  const limits: ServerLimits = {
    headersTimeout: duration('headersTimeout', options.headersTimeout),
    requestTimeout: duration('requestTimeout', options.requestTimeout),
    keepAliveTimeout: duration('keepAliveTimeout', options.keepAliveTimeout),
    maxConnections: options.maxConnections ?? DEFAULT_SERVER_LIMITS.maxConnections,
  };
  const { maxConnections, headersTimeout, requestTimeout } = limits;
  if (!(maxConnections === Infinity || (Number.isSafeInteger(maxConnections) && maxConnections > 0))) {
    throw new HostError('invalid_option', 'maxConnections must be a whole number above 0 (Infinity: no limit)');
  }
  // node refuses this too: the headers are part of the request.
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new HostError('invalid_option', 'headersTimeout must not exceed requestTimeout');
  }
  return limits;
}

/**
 * node checks for requests past their headers or request deadline only every
 * `connectionsCheckingInterval` ms; with its 30 s default a 10 s headersTimeout could let a slow
 * client stay 40 s. A quarter of the shortest deadline, between 50 ms and 1 s.
 */
export function connectionsCheckingInterval(limits: ServerLimits): number {
  const deadlines = [limits.headersTimeout, limits.requestTimeout].filter((ms) => ms > 0);
  const shortest = Math.min(MAX_CHECK_INTERVAL_MS * 4, ...deadlines);
  return Math.max(MIN_CHECK_INTERVAL_MS, Math.floor(shortest / 4));
}

/** A `node:http` server that enforces the limits. */
export function createLimitedServer(listener: RequestListener, limits: ServerLimits): Server {
  const { headersTimeout, requestTimeout, keepAliveTimeout, maxConnections } = limits;
  const server = createServer({ headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: connectionsCheckingInterval(limits) }, listener);
  // net.Server closes a connection beyond this at once (its 'drop' event).
  server.maxConnections = maxConnections;
  return server;
}
