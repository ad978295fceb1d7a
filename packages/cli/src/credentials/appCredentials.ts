import { CliError } from '../errors.ts';
import { readJsonFile } from './files.ts';

/**
 * An app (client) credentials file, in SlyAPI's shape: `id`, `secret`, `auth_uri`, `token_uri`,
 * plus optional `revoke_uri`, `provider` (a preset name), `provider_options` and `issuer` (for the
 * RFC 9207 check).
 * Google's downloaded client files (`{"installed": {...}}` or `{"web": {...}}`) are read as they are.
 */
export interface AppCredentials {
  id: string;
  secret: string;
  authUri: string;
  tokenUri: string;
  revokeUri?: string;
  provider?: string;
  /** Options for the preset factory (`{"tenant": "..."}` for microsoft...). */
  providerOptions?: Record<string, unknown>;
  issuer?: string;
}

/** Fields are trimmed (a pasted URL or id with a stray space), except `keepSpaces` ones: the secret. */
function field(source: Record<string, unknown>, names: string[], path: string, required: true, keepSpaces?: boolean): string;
function field(source: Record<string, unknown>, names: string[], path: string, required: false): string | undefined;
function field(source: Record<string, unknown>, names: string[], path: string, required: boolean, keepSpaces = false): string | undefined {
  for (const name of names) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new CliError(`${path}: "${name}" must be a string`);
    if (value.trim() === '') {
      if (required) throw new CliError(`${path}: "${name}" is empty; fill it in`);
      return undefined;
    }
    return keepSpaces ? value : value.trim();
  }
  if (required) throw new CliError(`${path}: "${names[0]}" is missing`);
  return undefined;
}

/** Google's client files nest the fields under the client type. */
function unwrap(json: Record<string, unknown>): Record<string, unknown> {
  for (const key of ['installed', 'web']) {
    const inner = json[key];
    if (json['id'] === undefined && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      return inner as Record<string, unknown>;
    }
  }
  return json;
}

export function parseAppCredentials(json: Record<string, unknown>, path: string): AppCredentials {
  const source = unwrap(json);
  const credentials: AppCredentials = {
    id: field(source, ['id', 'client_id'], path, true),
    // Sent byte for byte: spaces may be part of a secret, and a trimmed one would be wrong.
    secret: field(source, ['secret', 'client_secret'], path, true, true),
    authUri: field(source, ['auth_uri'], path, true),
    tokenUri: field(source, ['token_uri'], path, true),
  };
  const revokeUri = field(source, ['revoke_uri'], path, false);
  if (revokeUri !== undefined) credentials.revokeUri = revokeUri;
  const provider = field(source, ['provider'], path, false);
  if (provider !== undefined) credentials.provider = provider;
  const providerOptions = source['provider_options'];
  if (providerOptions !== undefined && providerOptions !== null) {
    if (typeof providerOptions !== 'object' || Array.isArray(providerOptions)) {
      throw new CliError(`${path}: "provider_options" must be an object`);
    }
    credentials.providerOptions = providerOptions as Record<string, unknown>;
  }
  const issuer = field(source, ['issuer'], path, false);
  if (issuer !== undefined) credentials.issuer = issuer;
  return credentials;
}

export async function readAppCredentials(path: string): Promise<AppCredentials> {
  return parseAppCredentials(await readJsonFile(path), path);
}
