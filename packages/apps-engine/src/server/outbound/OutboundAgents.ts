import { Agent, interceptors, type Dispatcher } from 'undici';
import { RequestSlots } from './RequestSlots.ts';

/** Connections to one origin (scheme, host and port) at once; more requests wait for a free one. */
const CONNECTIONS_PER_ORIGIN = 32;
/** Requests in flight over all origins of one host; more wait for a free slot. */
const MAX_REQUESTS_IN_FLIGHT = 256;
/**
 * An idle connection is closed after this long (a server's `Keep-Alive: timeout` hint may shorten it,
 * never lengthen it): under node's default server keep-alive timeout (5 s), so we close first rather
 * than reuse a connection the server is closing.
 */
const IDLE_CONNECTION_MS = 4_000;
/** Redirects followed when a request follows redirects (Rocket.Chat's default). */
export const MAX_REDIRECTS = 5;

/** One undici agent's two faces: following redirects, and not. Both share its connections. */
export interface OutboundDispatchers {
  following: Dispatcher;
  direct: Dispatcher;
}

/**
 * The host's keep-alive connection pools for its apps' outbound requests (undici): a new TLS
 * handshake per token request is the largest cost of an exchange or refresh against an HTTPS token
 * endpoint. undici pools connections per origin, at most `CONNECTIONS_PER_ORIGIN` each; requests in
 * flight are bounded over all origins by `slots`. One agent verifies certificates; requests with
 * `strictSSL: false` get an agent of their own, so that an unverified connection is never handed to
 * a request that wants verification. Neither takes a proxy from the environment (only undici's
 * `EnvHttpProxyAgent` would). `close()` destroys every connection when the host closes.
 */
export class OutboundAgents {
  readonly slots = new RequestSlots(MAX_REQUESTS_IN_FLIGHT);
  private readonly verified = new Agent(options(true));
  private readonly unverified = new Agent(options(false));
  readonly https = faces(this.verified);
  readonly httpsUnverified = faces(this.unverified);
  /** Plain HTTP has no certificate: the verifying agent serves it. */
  readonly http = this.https;

  async close(): Promise<void> {
    await Promise.all([this.verified.destroy(), this.unverified.destroy()]);
  }
}

function faces(agent: Agent): OutboundDispatchers {
  return { direct: agent, following: agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })) };
}

function options(verify: boolean): Agent.Options {
  return {
    connections: CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: IDLE_CONNECTION_MS,
    keepAliveMaxTimeout: IDLE_CONNECTION_MS,
    connect: { rejectUnauthorized: verify },
  };
}
