import { createRequire } from 'node:module';
import semver from 'semver';
import { HostError } from '../errors.ts';
import type { AppManifest } from './readManifest.ts';

let served: string | undefined;

/**
 * The Apps-Engine API version this host serves: the version of the `@rocket.chat/apps-engine`
 * definitions it implements (Rocket.Chat's server compares apps against its engine's package.json too).
 */
export function servedApiVersion(): string {
  served ??= (createRequire(import.meta.url)('@rocket.chat/apps-engine/package.json') as { version: string }).version;
  return served;
}

/** `requiredApiVersion` is a semver range the served version must satisfy, as on Rocket.Chat. */
export function checkApiVersion({ info, manifestPath }: AppManifest, version = servedApiVersion()): void {
  const range = info.requiredApiVersion;
  if (semver.validRange(range) === null) {
    throw new HostError('invalid_app_folder', `${manifestPath}: "requiredApiVersion" ${JSON.stringify(range)} is not a semver range (e.g. "^1.19.0")`);
  }
  if (!semver.satisfies(version, range)) {
    throw new HostError(
      'unsupported_api_version',
      `${manifestPath}: "requiredApiVersion" is ${JSON.stringify(range)}, but this host serves Apps-Engine ${version} (@rocket.chat/apps-engine definitions)`,
    );
  }
}
