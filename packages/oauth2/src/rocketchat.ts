// @plugboard/oauth2/rocketchat: the client an app gets for Rocket.Chat's own factory
// (`@rocket.chat/apps-engine/definition/oauth2/OAuth2`) when Plugboard's loader runs it
// (`host.installFrom`). Plugboard's secure client, with Rocket.Chat's defaults.
import type { IApp } from '@plugboard/apps-engine';
import type { OAuth2Client } from './client/OAuth2Client.ts';
import { createOAuth2Client as createPlugboardClient } from './createOAuth2Client.ts';
import type { IOAuth2ClientOptions } from './options.ts';

export type { IOAuth2ClientOptions } from './options.ts';
export type { OAuth2Client } from './client/OAuth2Client.ts';

/**
 * Rocket.Chat's client sends the client id and secret as request parameters, never as HTTP Basic, so
 * the providers its apps were written for are known to take `client_secret_post` (RFC 6749 §2.3.1);
 * ours sends them in the form body, never in the URL. An app that chose a method, a private key or a
 * preset (which knows its provider's method) keeps its choice.
 */
export function withRocketChatDefaults(options: IOAuth2ClientOptions): IOAuth2ClientOptions {
  const chose = options.clientAuthMethod !== undefined || options.privateKey !== undefined || options.provider !== undefined;
  return chose ? options : { ...options, clientAuthMethod: 'client_secret_post' };
}

/**
 * Rocket.Chat's `createOAuth2Client(app, options)`, made secure: a random single-use state, PKCE,
 * the rest of Plugboard's client. Settings (`<alias>-oauth-client-id`, `<alias>-oauth-clientsecret`),
 * the callback endpoint and the token record (associated with the user and
 * `<alias>-oauth-connection`) are where Rocket.Chat's client keeps them.
 */
export function createOAuth2Client(app: IApp, options: IOAuth2ClientOptions): OAuth2Client {
  return createPlugboardClient(app, withRocketChatDefaults(options));
}
