import type { App } from '@rocket.chat/apps-engine/definition/App.js';
import type { AppClass } from '../apps/installApp.ts';
import { HostError } from '../errors.ts';

/** What Rocket.Chat's runtime checks an app instance for, here on the class's prototype. */
const APP_METHODS = ['getID', 'getName', 'getNameSlug', 'getVersion', 'getDescription', 'getRequiredApiVersion', 'initialize', 'onEnable'] as const;

/** A class whose instances are apps (duck-typed: the App it extends may be the app's own copy). */
export function isAppClass(value: unknown): value is AppClass<App> {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<string, unknown> }).prototype;
  return prototype !== undefined && APP_METHODS.every((method) => typeof prototype[method] === 'function');
}

/**
 * The app's class among the class file's exports. Rocket.Chat takes the first export; so does this
 * when it is an App class, else the one exported App class. Anything else is `invalid_app_class`,
 * naming the file and what it exports.
 */
export function findAppClass(exports: unknown, classFile: string): AppClass<App> {
  if (isAppClass(exports)) return exports;
  const entries = typeof exports === 'object' && exports !== null ? Object.entries(exports) : [];
  const first = entries[0]?.[1];
  if (isAppClass(first)) return first;
  const apps = entries.filter(([, value]) => isAppClass(value));
  if (apps.length === 1) return apps[0]![1] as AppClass<App>;
  const listed = entries.map(([name, value]) => `${name} (${kind(value)})`).join(', ');
  if (apps.length > 1) {
    throw new HostError('invalid_app_class', `${classFile} exports several App classes (${listed}): Rocket.Chat runs the first export, so export the app's class first`);
  }
  throw new HostError(
    'invalid_app_class',
    `${classFile} exports no App class: its first export must be a class that extends App from @rocket.chat/apps-engine/definition/App (it exports ${listed || 'nothing'})`,
  );
}

function kind(value: unknown): string {
  if (typeof value !== 'function') return value === null ? 'null' : typeof value;
  return /^class\b/.test(Function.prototype.toString.call(value)) ? 'a class that does not extend App' : 'a function';
}
