import type { IHttp } from '@plugboard/apps-engine';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { isSuccessStatus } from '../core/http.ts';
import { parseJsonObject } from '../core/json.ts';
import { IdTokenError } from '../errors.ts';
import { sendBackchannel } from '../transport/backchannel.ts';

/**
 * Key sets fetched through the app's IHttp (so the host's timeouts and size caps apply) and cached
 * per URI; a key id the cached set lacks triggers one refetch (the provider rotated its keys).
 */
export class JwksCache {
  private readonly sets = new Map<string, Promise<JWTVerifyGetKey>>();

  async getKey(http: IHttp, uri: string, timeoutMs: number, refresh = false): Promise<JWTVerifyGetKey> {
    let set = refresh ? undefined : this.sets.get(uri);
    if (!set) {
      set = fetchKeySet(http, uri, timeoutMs);
      this.sets.set(uri, set);
      set.catch(() => this.sets.delete(uri));
    }
    return set;
  }
}

async function fetchKeySet(http: IHttp, uri: string, timeoutMs: number): Promise<JWTVerifyGetKey> {
  const response = await sendBackchannel(http, { method: 'GET', url: uri, headers: { accept: 'application/json' } }, { timeoutMs });
  const body = isSuccessStatus(response.status) ? parseJsonObject(response.body) : undefined;
  if (!body || !Array.isArray(body.keys)) throw new IdTokenError('the issuer key set could not be fetched');
  return createLocalJWKSet(body as unknown as JSONWebKeySet);
}
