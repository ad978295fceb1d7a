import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Sockets to one origin (host and port) at once; more requests wait for a free one. */
const MAX_SOCKETS_PER_ORIGIN = 32;
/** Idle sockets kept per origin for reuse. */
const MAX_FREE_SOCKETS_PER_ORIGIN = 8;
/** Sockets over all origins of one host. */
const MAX_TOTAL_SOCKETS = 256;
/**
 * An idle socket is closed after this long: under node's default server keep-alive timeout (5 s),
 * so we close first rather than reuse a socket the server is closing.
 */
const IDLE_SOCKET_MS = 4_000;

/**
 * The host's keep-alive agents for its apps' outbound requests: a new TLS handshake per token
 * request is the largest cost of an exchange or refresh against an HTTPS token endpoint. Node's
 * agents pool sockets per origin; the limits above bound each origin and the total. One agent per
 * scheme, plus one for `strictSSL: false` requests, so that an unverified connection is never handed
 * to a request that wants verification. Idle sockets do not keep the process alive (node unrefs
 * them); `close()` destroys every socket when the host closes.
 */
export class OutboundAgents {
  readonly http = new HttpAgent(options());
  readonly https = new HttpsAgent(options());
  readonly httpsUnverified = new HttpsAgent({ ...options(), rejectUnauthorized: false });

  close(): void {
    this.http.destroy();
    this.https.destroy();
    this.httpsUnverified.destroy();
  }
}

function options() {
  return {
    keepAlive: true,
    maxSockets: MAX_SOCKETS_PER_ORIGIN,
    maxFreeSockets: MAX_FREE_SOCKETS_PER_ORIGIN,
    maxTotalSockets: MAX_TOTAL_SOCKETS,
    timeout: IDLE_SOCKET_MS,
    scheduling: 'lifo' as const,
  };
}
