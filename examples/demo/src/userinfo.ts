import type { IHttp, PlugboardHttpRequest } from '@plugboard/apps-engine';

export interface UserInfo {
  sub: string;
  name?: string;
  preferred_username?: string;
  email?: string;
}

export class UserInfoError extends Error {
  override name = 'UserInfoError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function asObject(data: unknown): Record<string, unknown> | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** OpenID Connect Discovery 1.0 §4: where the issuer serves its UserInfo endpoint. */
async function userInfoEndpoint(http: IHttp, issuer: string): Promise<string> {
  const noRedirects: PlugboardHttpRequest = { followRedirects: false };
  const response = await http.get(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, noRedirects);
  const endpoint = asObject(response.data)?.['userinfo_endpoint'];
  if (response.statusCode !== 200 || typeof endpoint !== 'string') {
    throw new UserInfoError('the authorization server does not advertise a userinfo endpoint', response.statusCode);
  }
  // The bearer token may only go to the issuer's own origin, whatever the metadata claims.
  if (new URL(endpoint).origin !== new URL(issuer).origin) {
    throw new UserInfoError('the userinfo endpoint is not on the issuer origin');
  }
  return endpoint;
}

/** OpenID Connect Core 1.0 §5.3: who the token's user is, via the app's IHttp. */
export async function fetchUserInfo(http: IHttp, issuer: string, accessToken: string): Promise<UserInfo> {
  const endpoint = await userInfoEndpoint(http, issuer);
  const request: PlugboardHttpRequest = {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    followRedirects: false,
  };
  const response = await http.get(endpoint, request);
  const body = asObject(response.data);
  if (response.statusCode !== 200 || typeof body?.['sub'] !== 'string') {
    throw new UserInfoError('the userinfo request was refused', response.statusCode);
  }
  const info: UserInfo = { sub: body['sub'] };
  for (const claim of ['name', 'preferred_username', 'email'] as const) {
    const value = body[claim];
    if (typeof value === 'string') info[claim] = value;
  }
  return info;
}
