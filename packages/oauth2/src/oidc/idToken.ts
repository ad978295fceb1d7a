import type { IHttp } from '@plugboard/apps-engine';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { IdTokenError } from '../errors.ts';
import type { JwksCache } from './jwks.ts';

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  jwksUri: string;
  /** The nonce sent in the authorization request; the token must echo it (OIDC Core §3.1.3.7 step 11). */
  nonce?: string;
  /** When set, verify as of this instant (reading claims of a stored token later). */
  currentDate?: Date;
}

/**
 * OIDC Core §3.1.3.7 with jose: signature against the issuer's JWKS (asymmetric algorithms only),
 * `iss` exact, `aud` contains the client id, `exp`/`iat`, and the nonce. Never hand-written JOSE.
 */
export async function verifyIdToken(http: IHttp, keys: JwksCache, idToken: string, expect: IdTokenExpectations, timeoutMs: number): Promise<JWTPayload> {
  const verify = async (refresh: boolean): Promise<JWTPayload> => {
    const getKey = await keys.getKey(http, expect.jwksUri, timeoutMs, refresh);
    const { payload } = await jwtVerify(idToken, getKey, {
      issuer: expect.issuer,
      audience: expect.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      clockTolerance: 30,
      ...(expect.currentDate ? { currentDate: expect.currentDate } : {}),
    });
    return payload;
  };
  let payload: JWTPayload;
  try {
    payload = await verify(false).catch((error: unknown) => {
      if (error instanceof joseErrors.JWKSNoMatchingKey) return verify(true);
      throw error;
    });
  } catch (cause) {
    if (cause instanceof IdTokenError) throw cause;
    const reason = cause instanceof joseErrors.JOSEError ? cause.code : 'unreadable';
    throw new IdTokenError(`the ID token failed validation (${reason})`, { cause });
  }
  // §3.1.3.7 step 3: with several audiences, azp must be this client.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expect.clientId) {
    throw new IdTokenError('the ID token names several audiences and another authorized party');
  }
  if (expect.nonce !== undefined && payload.nonce !== expect.nonce) {
    throw new IdTokenError('the ID token nonce does not match the authorization request');
  }
  return payload;
}
