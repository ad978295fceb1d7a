import type { IHttp } from '@plugboard/apps-engine';
import { parseEndpoint } from '../core/endpoint.ts';
import { mergeHeaders } from '../core/backChannel.ts';
import { sendBackchannel } from '../transport/backchannel.ts';

export type ValidationResult = 'valid' | 'invalid' | 'unknown';

/**
 * Asks a provider whether an access token is still valid (Twitch's `GET /oauth2/validate`): 2xx
 * valid, 401 invalid (revoked, or the user disconnected the app), anything else (5xx, a timeout)
 * unknown: the token is kept and the check runs again later.
 */
export async function validateToken(
  http: IHttp,
  spec: { endpoint: string; scheme: 'Bearer' | 'OAuth' },
  token: string,
  call: { timeoutMs: number; headers: Record<string, string>; allowInsecureHttp: boolean },
): Promise<ValidationResult> {
  const url = parseEndpoint(spec.endpoint, 'token validation endpoint', { allowInsecureHttp: call.allowInsecureHttp });
  let status: number;
  try {
    const answer = await sendBackchannel(http, { method: 'GET', url: url.href, headers: mergeHeaders({ Accept: 'application/json', Authorization: `${spec.scheme} ${token}` }, call.headers) }, { timeoutMs: call.timeoutMs });
    status = answer.status;
  } catch {
    return 'unknown';
  }
  if (status >= 200 && status < 300) return 'valid';
  return status === 401 ? 'invalid' : 'unknown';
}
