import type { AuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET } from './harness.ts';

/**
 * Revokes a token at the authorization server behind the client's back, as a user does in the
 * provider's settings (a refresh token ends the whole grant).
 */
export async function revokeAtProvider(as: AuthorizationServer, token: string, hint: 'refresh_token' | 'access_token' = 'refresh_token'): Promise<void> {
  const basic = Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  const response = await fetch(as.endpoints.revocation, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ token, token_type_hint: hint }),
  });
  if (!response.ok) throw new Error(`revocation at the test server failed: HTTP ${response.status}`);
}
