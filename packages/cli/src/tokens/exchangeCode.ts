import { buildCodeExchangeRequest, parseTokenResponse } from '@plugboard/oauth2/core';
import type { IAuthData } from '@plugboard/oauth2';
import type { ClientProfile } from '../credentials/clientProfile.ts';
import { sendBackChannel } from '../http/send.ts';

/** RFC 6749 §4.1.3 with the PKCE verifier; called once per code, never retried (SECURITY 11). */
export async function exchangeCode(
  profile: ClientProfile,
  input: { code: string; redirectUri: string; codeVerifier: string; requestedScope: string },
): Promise<IAuthData> {
  const request = buildCodeExchangeRequest({
    tokenEndpoint: profile.tokenEndpoint,
    code: input.code,
    redirectUri: input.redirectUri,
    codeVerifier: input.codeVerifier,
    client: profile.client,
    ...(profile.encoding === undefined ? {} : { encoding: profile.encoding }),
    ...(profile.headers === undefined ? {} : { headers: profile.headers }),
  });
  const response = await sendBackChannel(request);
  return parseTokenResponse(response, {
    now: Date.now(),
    grant: 'authorization_code',
    requestedScope: input.requestedScope,
    ...(profile.normalizeTokenResponse === undefined ? {} : { normalize: profile.normalizeTokenResponse }),
  });
}
