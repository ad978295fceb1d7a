import type { IRead } from '@plugboard/apps-engine';
import { ConfigurationError } from '../errors.ts';

export function callbackPath(alias: string): string {
  return `${alias}-callback`;
}

/**
 * `<Site_Url>/api/apps/public/<appId>/<alias>-callback`: derived from the host's public URL and the
 * alias alone, never from "the first registered endpoint" (a Rocket.Chat client flaw), so it is
 * byte-identical in the authorization and the token request (SECURITY 4) for every alias.
 */
export async function redirectUriFor(read: IRead, appId: string, alias: string): Promise<string> {
  const siteUrl = await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url');
  if (typeof siteUrl !== 'string' || siteUrl === '') {
    throw new ConfigurationError('the host has no Site_Url: give AppHost a siteUrl or start listening first');
  }
  return `${siteUrl.replace(/\/+$/, '')}/api/apps/public/${encodeURIComponent(appId)}/${callbackPath(alias)}`;
}

/** The chat's own address (`Site_Url`), where an outcome page sends the user back; `undefined` when the host has none. */
export async function chatUrlFor(read: IRead): Promise<string | undefined> {
  const siteUrl = await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url');
  return typeof siteUrl === 'string' && siteUrl !== '' ? `${siteUrl.replace(/\/+$/, '')}/` : undefined;
}
