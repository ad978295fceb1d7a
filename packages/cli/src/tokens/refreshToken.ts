import { buildRefreshRequest, mergeRefreshedToken, parseTokenResponse } from '@plugboard/oauth2/core';
import type { IAuthData } from '@plugboard/oauth2';
import type { ClientProfile } from '../credentials/clientProfile.ts';
import { sendBackChannel } from '../http/send.ts';

/**
 * RFC 6749 §6. The answer is merged with the stored token (SECURITY 18): a rotated refresh token
 * replaces the old one, a missing one keeps it. `invalid_grant` surfaces as
 * ReauthorizationRequiredError.
 */
export async function refreshToken(profile: ClientProfile, current: IAuthData & { refreshToken: string }): Promise<IAuthData> {
  const scopes = profile.sendScopeOnRefresh && current.scope !== '' ? current.scope.split(' ') : [];
  const request = buildRefreshRequest({
    tokenEndpoint: profile.refreshEndpoint,
    refreshToken: current.refreshToken,
    scopes,
    scopeSeparator: profile.scopeSeparator,
    client: profile.client,
    ...(profile.encoding === undefined ? {} : { encoding: profile.encoding }),
    ...(profile.headers === undefined ? {} : { headers: profile.headers }),
  });
  const response = await sendBackChannel(request);
  const fresh = parseTokenResponse(response, {
    now: Date.now(),
    grant: 'refresh_token',
    ...(profile.normalizeTokenResponse === undefined ? {} : { normalize: profile.normalizeTokenResponse }),
  });
  return mergeRefreshedToken(current, fresh);
}
