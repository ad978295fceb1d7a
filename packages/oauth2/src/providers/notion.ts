// Facts: https://developers.notion.com/reference/create-a-token, .../refresh-a-token and
// .../revoke-token (verified: Basic client credentials, JSON bodies, Notion-Version header required,
// revoke body is just {token}); owner=user from the authorization guide. PKCE: unverified.
import { definePreset } from './definePreset.ts';
import { matching, readOptions } from './options.ts';
import type { ProviderPreset } from './types.ts';

export interface NotionOptions {
  /** The `Notion-Version` header, YYYY-MM-DD; default the version current when this preset was written. */
  notionVersion?: string;
}

export const DEFAULT_NOTION_VERSION = '2025-09-03';

export function notion(options?: NotionOptions): ProviderPreset {
  const raw = readOptions<NotionOptions>('notion', options, ['notionVersion']).notionVersion ?? DEFAULT_NOTION_VERSION;
  const version = matching('notion', 'notionVersion', raw, /^\d{4}-\d{2}-\d{2}$/, 'a date like 2025-09-03');
  return definePreset({
    id: 'notion',
    authorizationEndpoint: 'https://api.notion.com/v1/oauth/authorize',
    tokenEndpoint: 'https://api.notion.com/v1/oauth/token',
    // Notion's revoke takes only {token}; revoking a refresh token there is undocumented.
    revocation: { style: 'rfc7009', endpoint: 'https://api.notion.com/v1/oauth/revoke', tokenTypeHint: false, tokens: 'access' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'unsupported',
    authParams: { owner: 'user' },
    scopeSeparator: ' ',
    headers: { 'Notion-Version': version },
    tokenRequestEncoding: 'json',
    refreshTokenRotates: true,
    notes: [
      'Token, refresh and revocation bodies are JSON, with a Notion-Version header',
      'owner=user is always sent; Notion has no OAuth scopes (pages are shared by the user)',
      'Refresh tokens: treated as rotating',
    ],
    docs: 'https://developers.notion.com/docs/authorization',
  });
}
