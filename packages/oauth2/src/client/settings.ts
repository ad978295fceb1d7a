import { SettingType, type IConfigurationExtend, type IRead } from '@plugboard/apps-engine';
import { ConfigurationError } from '../errors.ts';

/** Setting ids, as Rocket.Chat's client names them (apps and admins rely on these exact ids). */
export function clientIdSettingId(alias: string): string {
  return `${alias}-oauth-client-id`;
}

export function clientSecretSettingId(alias: string): string {
  return `${alias}-oauth-clientsecret`;
}

export async function provideClientSettings(configuration: IConfigurationExtend, alias: string): Promise<void> {
  await configuration.settings.provideSetting({
    id: clientIdSettingId(alias),
    type: SettingType.STRING,
    packageValue: '',
    required: true,
    public: false,
    i18nLabel: `${alias} OAuth client id`,
  });
  // SECURITY 24: the secret is a PASSWORD setting and never public.
  await configuration.settings.provideSetting({
    id: clientSecretSettingId(alias),
    type: SettingType.PASSWORD,
    packageValue: '',
    required: false,
    public: false,
    i18nLabel: `${alias} OAuth client secret`,
  });
}

export interface ClientIdentity {
  clientId: string;
  clientSecret?: string;
}

/** Reads the client id and secret at each use, so an admin's change applies without a restart. */
export async function readClientIdentity(
  read: IRead,
  alias: string,
  fixed: { clientId?: string; clientSecret?: string },
): Promise<ClientIdentity> {
  const settings = read.getEnvironmentReader().getSettings();
  const [storedId, storedSecret] = await Promise.all([
    fixed.clientId === undefined ? settings.getValueById(clientIdSettingId(alias)) : undefined,
    fixed.clientSecret === undefined ? settings.getValueById(clientSecretSettingId(alias)) : undefined,
  ]);
  const clientId = fixed.clientId ?? trimmedId(storedId);
  // A secret is sent byte for byte as stored: spaces may be part of it, and trimming would turn a
  // right secret into a wrong one. Only an empty value means "no secret".
  const clientSecret = fixed.clientSecret ?? (typeof storedSecret === 'string' ? storedSecret : undefined);
  if (!clientId) {
    throw new ConfigurationError(`no client id: set the "${clientIdSettingId(alias)}" setting or the clientId option`);
  }
  return clientSecret ? { clientId, clientSecret } : { clientId };
}

/** Client ids are printable tokens (RFC 6749 §2.2): spaces around a pasted one are a copying slip. */
function trimmedId(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
