import type { IHttp } from '@plugboard/apps-engine';
import { isSuccessStatus } from '../core/http.ts';
import { parseJsonObject } from '../core/json.ts';
import { DiscoveryError, OAuth2Error } from '../errors.ts';
import { sendBackchannel } from '../transport/backchannel.ts';
import type { DiscoveryPolicy } from './endpointOrigins.ts';
import { parseServerMetadata, type ServerMetadata } from './metadata.ts';
import { metadataUrls } from './wellKnown.ts';

/**
 * Fetches and validates an issuer's metadata, trying OIDC discovery then RFC 8414. Failures throw a
 * DiscoveryError (an issuer mismatch is never retried on the other URL: it is an attack signal).
 */
export async function discover(http: IHttp, issuer: string, timeoutMs: number, policy: DiscoveryPolicy): Promise<ServerMetadata> {
  let lastFailure: unknown;
  for (const url of metadataUrls(issuer)) {
    let response;
    try {
      response = await sendBackchannel(http, { method: 'GET', url, headers: { accept: 'application/json' } }, { timeoutMs });
    } catch (error) {
      lastFailure = error;
      continue;
    }
    if (!isSuccessStatus(response.status)) {
      lastFailure = new DiscoveryError(`metadata request answered HTTP ${response.status}`);
      continue;
    }
    const body = parseJsonObject(response.body);
    return parseServerMetadata(body, issuer, policy);
  }
  const cause = lastFailure instanceof OAuth2Error ? lastFailure : undefined;
  throw new DiscoveryError('no usable metadata at the issuer', cause ? { cause } : undefined);
}

/** Caches metadata per issuer for `ttlMs`; concurrent first uses share one request. */
export class MetadataCache {
  private readonly entries = new Map<string, { at: number; value: Promise<ServerMetadata> }>();

  constructor(private readonly ttlMs = 60 * 60 * 1000) {}

  get(issuer: string, load: () => Promise<ServerMetadata>, now = Date.now()): Promise<ServerMetadata> {
    const entry = this.entries.get(issuer);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    const value = load();
    this.entries.set(issuer, { at: now, value });
    // A failure is not cached: the next call tries again.
    value.catch(() => this.entries.delete(issuer));
    return value;
  }
}
