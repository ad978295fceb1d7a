// Facts: https://discord.com/developers/docs/topics/oauth2 and Discord's RFC 8414 metadata at
// https://discord.com/.well-known/oauth-authorization-server (verified: endpoints, S256 only,
// basic/post auth, issuer, authorization_response_iss_parameter_supported); 429 body from
// https://discord.com/developers/docs/topics/rate-limits (verified: retry_after in seconds).
import { definePreset } from './definePreset.ts';
import { readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export function discord(options?: Record<string, never>): ProviderPreset {
  readOptions('discord', options, []);
  return definePreset({
    id: 'discord',
    authorizationEndpoint: 'https://discord.com/oauth2/authorize',
    tokenEndpoint: 'https://discord.com/api/oauth2/token',
    revocation: { style: 'rfc7009', endpoint: 'https://discord.com/api/oauth2/token/revoke' },
    // Discord advertises RFC 9207 `iss` in authorization responses, so the issuer is worth checking.
    issuer: 'https://discord.com',
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ' ',
    defaultScopes: ['identify'],
    refreshTokenRotates: true,
    notes: [
      'PKCE S256 only (verifier >= 43 characters)',
      'A refresh returns a new pair: treated as rotating',
      '429 answers carry retry_after in seconds (may be fractional) in the JSON body',
      'Sends RFC 9207 iss=https://discord.com on the callback',
    ],
    docs: 'https://discord.com/developers/docs/topics/oauth2',
  });
}
