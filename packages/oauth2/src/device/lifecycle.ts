import type { IApp } from '@plugboard/apps-engine';
import type { IOAuth2ClientOptions } from '../options.ts';

/**
 * Whether the client can have device authorizations to poll: an endpoint from the options or the
 * preset, or an issuer whose discovery may name one. Other clients start no poller at all.
 */
export function mayUseDeviceGrant(options: IOAuth2ClientOptions): boolean {
  return options.deviceAuthorizationUri !== undefined || options.provider?.deviceAuthorization !== undefined || options.issuer !== undefined;
}

/**
 * Runs `stop` when the app is disabled (host closed, app uninstalled or turned off). The
 * Apps-Engine gives libraries no hook of their own, so the app's `onDisable` is wrapped: the app's
 * own code still runs, after `stop`. Polling is background work of the app and must end with it.
 */
export function onAppDisabled(app: IApp, stop: () => void): void {
  const target = app as IApp & { onDisable?: (...args: unknown[]) => Promise<void> | void };
  const own = target.onDisable;
  if (typeof own !== 'function') return;
  target.onDisable = function (this: unknown, ...args: unknown[]) {
    stop();
    return own.apply(this, args);
  };
}
