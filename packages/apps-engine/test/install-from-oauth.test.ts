import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { OFFICIAL_OAUTH2, oauthRedirects } from '../src/server/loader/oauthRedirect.ts';
import { AppFolders } from './support/appFolders.ts';

const folders = new AppFolders();
afterEach(async () => {
  await folders.cleanup();
});

const imports = (...paths: string[]) => paths.map((path) => ({ path, importer: 'App.ts' }));

test('Rocket.Chat\'s OAuth factory, imported with or without .js, is replaced by @plugboard/oauth2/rocketchat', async () => {
  const warnings: string[] = [];
  const redirects = await oauthRedirects(imports(OFFICIAL_OAUTH2, `${OFFICIAL_OAUTH2}.js`, '@rocket.chat/apps-engine/definition/App'), (m) => warnings.push(m));
  const plugboard = await import('@plugboard/oauth2/rocketchat');
  expect([...redirects.keys()]).toEqual([OFFICIAL_OAUTH2, `${OFFICIAL_OAUTH2}.js`]);
  expect((redirects.get(OFFICIAL_OAUTH2) as typeof plugboard).createOAuth2Client).toBe(plugboard.createOAuth2Client);
  expect(warnings).toEqual([]);
});

test('an app that does not import it loads nothing from @plugboard/oauth2', async () => {
  const redirects = await oauthRedirects(imports('@rocket.chat/apps-engine/definition/App'), () => {}, '@plugboard/not-installed/rocketchat');
  expect(redirects.size).toBe(0);
});

test('without @plugboard/oauth2 the app keeps Rocket.Chat\'s own client, and the host says what that means', async () => {
  const warnings: string[] = [];
  const redirects = await oauthRedirects(imports(OFFICIAL_OAUTH2), (m) => warnings.push(m), '@plugboard/not-installed/rocketchat');
  expect(redirects.size).toBe(0);
  expect(warnings).toEqual([expect.stringMatching(/@plugboard\/oauth2 is not installed: it runs Rocket\.Chat's own client \(the user id as state, no PKCE/)]);
});

test('a failure inside an installed @plugboard/oauth2 is not mistaken for its absence', async () => {
  const folder = await folders.make({
    'throws.mjs': "throw new Error('broken on load');\n",
    'imports-missing.mjs': "import 'definitely-not-installed-anywhere';\nexport const createOAuth2Client = () => {};\n",
  });
  await expect(oauthRedirects(imports(OFFICIAL_OAUTH2), () => {}, pathToFileURL(join(folder, 'throws.mjs')).href)).rejects.toThrow('broken on load');
  await expect(oauthRedirects(imports(OFFICIAL_OAUTH2), () => {}, pathToFileURL(join(folder, 'imports-missing.mjs')).href)).rejects.toThrow(/definitely-not-installed-anywhere/);
});
