import type { IRead } from '@plugboard/apps-engine';
import { parseEndpoint } from '@plugboard/oauth2/core';

/**
 * Reads an API base URL setting. Users' tokens are sent there, so it gets the SDK's endpoint rule:
 * https (plain http only on loopback, for local fakes), no credentials, no fragment.
 */
export async function readApiBase(read: IRead, settingId: string): Promise<string> {
  const value = await read.getEnvironmentReader().getSettings().getValueById(settingId);
  return parseEndpoint(String(value), `"${settingId}" setting`).href.replace(/\/+$/, '');
}
