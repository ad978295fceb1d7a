import { DEFINITIONS } from './appRequire.ts';
import type { ExternalImport } from './compileApp.ts';

/** Rocket.Chat's OAuth client factory, as apps import it. */
export const OFFICIAL_OAUTH2 = `${DEFINITIONS}/definition/oauth2/OAuth2`;
/** Plugboard's secure client with Rocket.Chat's defaults (an optional peer: oauth2 depends on this package, not the reverse). */
export const PLUGBOARD_OAUTH2 = '@plugboard/oauth2/rocketchat';

/**
 * The modules that replace Rocket.Chat's OAuth factory for an app that imports it (with or without
 * `.js`): `@plugboard/oauth2/rocketchat` when it is installed. Without it the app keeps Rocket.Chat's
 * own client, and `warn` says what that means.
 */
export async function oauthRedirects(imports: readonly ExternalImport[], warn: (message: string) => void, specifier = PLUGBOARD_OAUTH2): Promise<Map<string, unknown>> {
  const paths = new Set(imports.map((found) => found.path).filter((path) => path === OFFICIAL_OAUTH2 || path === `${OFFICIAL_OAUTH2}.js`));
  if (paths.size === 0) return new Map();
  let module: { createOAuth2Client?: unknown };
  try {
    // A variable specifier: neither the bundler nor the type checker follows it into @plugboard/oauth2.
    module = (await import(specifier)) as { createOAuth2Client?: unknown };
  } catch (error) {
    if (!isNotFound(error, packageName(specifier))) throw error;
    warn(
      `the app imports createOAuth2Client from ${OFFICIAL_OAUTH2}, and @plugboard/oauth2 is not installed: it runs Rocket.Chat's own client ` +
        '(the user id as state, no PKCE, the client secret in URLs). Install @plugboard/oauth2 to give it Plugboard\'s secure client.',
    );
    return new Map();
  }
  if (typeof module.createOAuth2Client !== 'function') throw new TypeError(`${specifier} exports no createOAuth2Client`);
  const replacement = Object.freeze({ __esModule: true, createOAuth2Client: module.createOAuth2Client });
  return new Map([...paths].map((path) => [path, replacement]));
}

/**
 * The package is missing, or too old to have the entry; not one of its own imports failing (whose
 * messages name the missing package in quotes and @plugboard/oauth2 only in the importer's path).
 */
function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return message.includes(`${name}/package.json`);
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (message.includes(`'${name}'`) || message.includes(`'${name}/`));
}

/** `@scope/name/sub` -> `@scope/name`. */
function packageName(specifier: string): string {
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}
