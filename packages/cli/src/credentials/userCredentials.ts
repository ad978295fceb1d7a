import type { IAuthData } from '@plugboard/oauth2';
import { CliError } from '../errors.ts';
import { createSecretFile, readJsonFile, writeSecretFileAtomically } from './files.ts';

/**
 * A user credentials file is the SDK's IAuthData as JSON: `token`, `expiresAt` (absolute, epoch
 * milliseconds, 0 = no known lifetime), `scope`, and `refreshToken`, `tokenType`, `idToken` when
 * the provider issued them. Storing the absolute expiry means the file never depends on when it
 * was written.
 */
export type UserCredentials = IAuthData;

function optionalString(json: Record<string, unknown>, name: string, path: string): string | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new CliError(`${path}: "${name}" must be a non-empty string`);
  return value;
}

export function parseUserCredentials(json: Record<string, unknown>, path: string): UserCredentials {
  const token = optionalString(json, 'token', path);
  if (token === undefined) throw new CliError(`${path}: "token" is missing; run plugboard grant to create this file`);
  const expiresAt = json['expiresAt'];
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt < 0) {
    throw new CliError(`${path}: "expiresAt" must be epoch milliseconds (0 when unknown)`);
  }
  const scope = json['scope'] ?? '';
  if (typeof scope !== 'string') throw new CliError(`${path}: "scope" must be a string`);

  const credentials: UserCredentials = { token, expiresAt, scope };
  const refreshToken = optionalString(json, 'refreshToken', path);
  if (refreshToken !== undefined) credentials.refreshToken = refreshToken;
  const tokenType = optionalString(json, 'tokenType', path);
  if (tokenType !== undefined) credentials.tokenType = tokenType;
  const idToken = optionalString(json, 'idToken', path);
  if (idToken !== undefined) credentials.idToken = idToken;
  return credentials;
}

export async function readUserCredentials(path: string): Promise<UserCredentials> {
  return parseUserCredentials(await readJsonFile(path), path);
}

export interface WriteUserCredentialsOptions {
  /** Default true. `false`: refuse (CliError) when the file exists, even if it appeared a moment ago. */
  overwrite?: boolean;
}

/**
 * Mode 0600. Replacing is a whole-file atomic replace (see files.ts); with `overwrite: false` the
 * file is created exclusively, so an existing one is never clobbered.
 */
export async function writeUserCredentials(path: string, credentials: UserCredentials, options: WriteUserCredentialsOptions = {}): Promise<void> {
  const { token, expiresAt, scope, refreshToken, tokenType, idToken } = credentials;
  const content = { token, refreshToken, expiresAt, scope, tokenType, idToken };
  if (options.overwrite === false) await createSecretFile(path, content, false);
  else await writeSecretFileAtomically(path, content);
}
