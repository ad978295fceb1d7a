import type { IHttp, IRead } from '@plugboard/apps-engine';
import type { IAuthData } from '@plugboard/oauth2';
import { parseEndpoint } from '@plugboard/oauth2/core';
import { PROFILE_URL_SETTING } from './constants.ts';

/**
 * Who the token belongs to, from the provider's API: GitHub's `login`, an OpenID provider's
 * `preferred_username`, else `name`. The URL is a setting the user's token is sent to, so it gets
 * the SDK's endpoint rule (https, plain http only on loopback).
 */
export async function whoIs(read: IRead, http: IHttp, token: IAuthData): Promise<string | undefined> {
  const setting = await read.getEnvironmentReader().getSettings().getValueById(PROFILE_URL_SETTING);
  const url = parseEndpoint(String(setting), `"${PROFILE_URL_SETTING}" setting`).href;
  const response = await http.get(url, { headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json', 'User-Agent': 'plugboard-device-bot' } });
  if (response.statusCode !== 200 || typeof response.data !== 'object' || response.data === null) return undefined;
  const profile = response.data as { login?: unknown; preferred_username?: unknown; name?: unknown };
  const name = [profile.login, profile.preferred_username, profile.name].find((value) => typeof value === 'string' && value !== '');
  return name as string | undefined;
}
