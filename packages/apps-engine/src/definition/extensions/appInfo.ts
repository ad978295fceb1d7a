import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata/index.js';

/**
 * An app's manifest as Plugboard's host takes it: Rocket.Chat's `IAppInfo` (what `app.json` holds)
 * of which only `id`, `name` and `version` are required; the host fills in the rest.
 */
export type AppInfoInput = Pick<IAppInfo, 'id' | 'name' | 'version'> & Partial<Omit<IAppInfo, 'id' | 'name' | 'version'>>;
