import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors/index.js';

/**
 * Plugboard extension: the optional fourth argument of `IPersistence.update(id, data, upsert, options)`.
 * Rocket.Chat ignores it, so an app that passes it still runs there (its records just never expire).
 */
export interface IPersistenceWriteOptions {
  /** Milliseconds until the record expires; once expired it reads as absent and the store frees it. */
  ttlMs?: number;
}

/** `IPersistence` as Plugboard's host implements it: `update` takes the extension's options. */
export interface IPlugboardPersistence extends IPersistence {
  update(id: string, data: object, upsert?: boolean, options?: IPersistenceWriteOptions): Promise<string>;
}
