import { completeConsent, type AuthorizationServer } from '../../src/index.ts';
import { authorizationRequest, exchangeCode, type ClientAuth, type TokenResponse } from './flow.ts';

/** Authorization request + consent + code exchange: a signed-in client's tokens. */
export async function signIn(
  as: AuthorizationServer,
  auth: ClientAuth,
  redirectUri: string,
  options: { scope?: string; account?: string } = {},
): Promise<TokenResponse & { nonce: string }> {
  const request = authorizationRequest(as, auth.clientId, redirectUri, options.scope);
  const consent = await completeConsent(request.url, options.account === undefined ? {} : { account: options.account });
  if (consent.code === undefined) throw new Error(`no code: ${consent.redirectUrl.href}`);
  const tokens = await exchangeCode(as, auth, consent.code, redirectUri, request.verifier);
  return { ...tokens, nonce: request.nonce };
}
