import type { Token } from './tokens.ts';

/**
 * An app's DI container: inversify's `Container`, a child of the host's root container. Typed by
 * what host code asks of it, so the published declarations need no inversify types (a Rocket.Chat
 * app's `moduleResolution: node` cannot resolve inversify's); cast it to inversify's `Container` to
 * bind or rebind services.
 */
export interface AppContainer {
  get<T>(token: Token<T>): T;
  isBound(token: symbol): boolean;
}
