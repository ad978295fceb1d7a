import type { IRead } from '@plugboard/apps-engine';

/**
 * Reads an API base URL setting. Users' tokens are sent there, so it must be https (plain http
 * only on loopback, for local fakes), without credentials, query or fragment.
 */
export async function readApiBase(read: IRead, settingId: string): Promise<string> {
  const value = await read.getEnvironmentReader().getSettings().getValueById(settingId);
  const url = URL.canParse(String(value)) ? new URL(String(value)) : undefined;
  const loopback = url?.hostname === '127.0.0.1' || url?.hostname === 'localhost' || url?.hostname === '[::1]';
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.username || url.password || url.search || url.hash) {
    throw new Error(`The "${settingId}" setting must be an https URL without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}
