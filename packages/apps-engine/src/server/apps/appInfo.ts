import type { AppInfoInput } from '../../definition/extensions/appInfo.ts';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';
import { HostError } from '../errors.ts';

/** App ids name URL path segments and store keys: keep them plain. */
const APP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export type { AppInfoInput };

/**
 * Rocket.Chat's `IAppInfo` (what `app.json` holds) from what the caller gave, with the defaults
 * Rocket.Chat's own classes expect (`App`'s constructor reads `author.name`, the app user is
 * `<nameSlug>.bot`). Rejects an id or name that is not a plain string.
 */
export function completeAppInfo(input: AppInfoInput): IAppInfo {
  const id = input?.id;
  if (typeof id !== 'string' || !APP_ID.test(id)) {
    throw new HostError('invalid_app_id', `Invalid app id "${String(id)}": use letters, digits, ".", "_" or "-"`);
  }
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    throw new HostError('app_install_failed', `App "${id}" needs a non-empty name`);
  }
  if (typeof input.version !== 'string' || input.version.trim() === '') {
    throw new HostError('app_install_failed', `App "${id}" needs a version`);
  }
  return {
    description: '',
    requiredApiVersion: '*',
    classFile: '',
    iconFile: '',
    implements: [],
    ...input,
    nameSlug: input.nameSlug || slugify(input.name) || id.toLowerCase(),
    author: { name: 'unknown', homepage: '', support: '', ...input.author },
  };
}

/** Rocket.Chat's slug of an app name: lower case, runs of other characters become one `-`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
