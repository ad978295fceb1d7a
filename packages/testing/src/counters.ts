import type { KoaContextLike } from 'oidc-provider';
import { DEVICE_CODE_GRANT } from './device-polling.ts';
import type { AuthorizationServerCounters } from './types.ts';

function zero(): AuthorizationServerCounters {
  return {
    tokenRequests: 0,
    authorizationCodeGrants: 0,
    refreshGrants: 0,
    successfulAuthorizationCodeGrants: 0,
    successfulRefreshGrants: 0,
    clientCredentialsGrants: 0,
    successfulClientCredentialsGrants: 0,
    deviceAuthorizations: 0,
    deviceCodeGrants: 0,
    successfulDeviceCodeGrants: 0,
    slowDowns: 0,
    revocations: 0,
    introspections: 0,
  };
}

/**
 * Counts requests per endpoint and grant type. It runs as oidc-provider middleware, after
 * the provider has answered: by then `ctx.oidc.route` names the endpoint and the form
 * body is parsed, so failures (invalid_grant, invalid_client) count as attempts too.
 * The count is updated before the response is written, so a client that awaited its
 * response always sees its own request counted.
 */
export class RequestCounters {
  #counts = zero();

  snapshot(): AuthorizationServerCounters {
    return { ...this.#counts };
  }

  reset(): void {
    this.#counts = zero();
  }

  readonly middleware = async (ctx: KoaContextLike, next: () => Promise<void>): Promise<void> => {
    await next();
    this.#record(ctx);
  };

  #record(ctx: KoaContextLike): void {
    const counts = this.#counts;
    const ok = ctx.status >= 200 && ctx.status < 300;
    switch (ctx.oidc?.route) {
      case 'token': {
        counts.tokenRequests += 1;
        const grantType = ctx.oidc.params?.grant_type;
        if (grantType === 'authorization_code') {
          counts.authorizationCodeGrants += 1;
          if (ok) counts.successfulAuthorizationCodeGrants += 1;
        } else if (grantType === 'refresh_token') {
          counts.refreshGrants += 1;
          if (ok) counts.successfulRefreshGrants += 1;
        } else if (grantType === 'client_credentials') {
          counts.clientCredentialsGrants += 1;
          if (ok) counts.successfulClientCredentialsGrants += 1;
        } else if (grantType === DEVICE_CODE_GRANT) {
          counts.deviceCodeGrants += 1;
          if (ok) counts.successfulDeviceCodeGrants += 1;
          if ((ctx.body as { error?: unknown } | undefined)?.error === 'slow_down') counts.slowDowns += 1;
        }
        break;
      }
      case 'device_authorization':
        counts.deviceAuthorizations += 1;
        break;
      case 'revocation':
        counts.revocations += 1;
        break;
      case 'introspection':
        counts.introspections += 1;
        break;
      default:
        break;
    }
  }
}
