import type { IApp } from '@plugboard/apps-engine';
import { BindingConfirmation } from './binding/bindingConfirmation.ts';
import { ClientContext } from './client/context.ts';
import { OAuth2Client } from './client/OAuth2Client.ts';
import { buildProfile } from './client/profile.ts';
import { ServerEndpointsResolver } from './client/serverEndpoints.ts';
import { OAuth2EventEmitter } from './events/events.ts';
import type { IOAuth2ClientOptions } from './options.ts';
import { AppTokenStore } from './storage/appTokenStore.ts';
import { BindingStore } from './storage/bindingStore.ts';
import { DeviceStore } from './storage/deviceStore.ts';
import { KeyRing, parseEncryptionKeys } from './storage/encryption.ts';
import { OutcomeStore } from './storage/outcomeStore.ts';
import { Sealer } from './storage/sealing.ts';
import { StatusStore } from './storage/statusStore.ts';
import { TokenStore } from './storage/tokenStore.ts';
import { TransactionStore } from './storage/transactionStore.ts';

/**
 * Creates an OAuth 2.0 client for an app (the Rocket.Chat function, made secure): the authorization
 * code grant, the device grant, and app tokens (client credentials).
 * Bad options throw a ConfigurationError here, before anything is registered.
 */
export function createOAuth2Client(app: IApp, options: IOAuth2ClientOptions): OAuth2Client {
  const profile = buildProfile(options);
  const endpoints = new ServerEndpointsResolver(options, profile.allowInsecureEndpoints, profile.timeoutMs);
  const sealer = new Sealer(options.encryptionKey === undefined ? undefined : new KeyRing(parseEncryptionKeys(options.encryptionKey)));
  const ctx = new ClientContext(
    app,
    options,
    profile,
    endpoints,
    new TokenStore(app.getID(), profile.alias, sealer),
    new TransactionStore(app.getID(), profile.alias, sealer),
    new OutcomeStore(app.getID(), profile.alias, sealer),
    new OAuth2EventEmitter(),
  );
  ctx.bindings = new BindingConfirmation(ctx, new BindingStore(app.getID(), profile.alias, sealer));
  return new OAuth2Client(ctx, {
    appTokens: new AppTokenStore(app.getID(), profile.alias, sealer),
    devices: new DeviceStore(app.getID(), profile.alias, sealer),
    statuses: new StatusStore(profile.alias),
  });
}
