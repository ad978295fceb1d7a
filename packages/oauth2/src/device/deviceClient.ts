import type { ClientCredentials } from '../core/clientAuth.ts';
import type { TokenEndpointCall } from '../core/tokenRequest.ts';
import type { ClientContext } from '../client/context.ts';

/**
 * What every device grant request carries: the client authenticated as the device flow wants
 * (a preset may say `none`: GitHub and Microsoft run it as a public-client flow), freshly signed
 * for private_key_jwt, and the preset's encoding and headers.
 */
export async function deviceCall(ctx: ClientContext, tokenEndpoint: string): Promise<Omit<TokenEndpointCall, 'tokenEndpoint'>> {
  const identity: ClientCredentials = { ...(await ctx.credentials()), method: ctx.profile.device.clientAuthMethod };
  return {
    client: await ctx.authenticate(identity, tokenEndpoint),
    encoding: ctx.profile.encoding,
    headers: ctx.profile.headers,
    allowInsecureHttp: ctx.profile.allowInsecureEndpoints,
  };
}
