import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { createInterface } from 'node:readline/promises';
import { completeConsent, confirmBindingInChat, startAuthorizationServer, type AuthorizationServer } from '@plugboard/testing';
import OAuth2BasicApp, { ALIAS, info, type ServerEndpoints } from './OAuth2BasicApp.ts';

/** The local authorization server's endpoints, in the shape the app takes. */
export function localEndpoints(as: AuthorizationServer): ServerEndpoints {
  return {
    authUri: as.endpoints.authorization,
    accessTokenUri: as.endpoints.token,
    refreshTokenUri: as.endpoints.token,
    revokeTokenUri: as.endpoints.revocation,
    userinfoUri: as.endpoints.userinfo,
  };
}

export interface MainOptions {
  /** Where the conversation is printed. Default: the console. */
  print?: (line: string) => void;
  /** Wait for you to open the link in a browser, instead of signing in as alice automatically. */
  manual?: boolean;
}

/**
 * A whole conversation on a real host against a real (local) authorization server: alice asks
 * /whoami, connects, asks again, disconnects.
 */
export async function main(options: MainOptions = {}): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const as = await startAuthorizationServer();
  const host = new AppHost();
  try {
    const { url } = await host.listen({ port: 0, host: '127.0.0.1' });
    host.on('message', (event) => print(`  [app -> ${(event.recipient ?? event.sender).username}] ${event.message.text}`));
    const app = await host.install(OAuth2BasicApp.using(localEndpoints(as)), info);

    // What an admin does once: register the app with the authorization server (redirect URI
    // included), then paste the client id and secret into the app's settings.
    const client = { clientId: 'oauth2-basic', clientSecret: randomBytes(24).toString('base64url') };
    await as.addClient({ ...client, redirectUris: [`${url}/api/apps/public/${info.id}/${ALIAS}-callback`] });
    await host.settings.set(info.id, `${ALIAS}-oauth-client-id`, client.clientId);
    await host.settings.set(info.id, `${ALIAS}-oauth-clientsecret`, client.clientSecret);
    const alice = await host.users.add({ id: 'u-alice', username: 'alice' });

    await run(host, alice, 'whoami', print);
    await run(host, alice, 'connect', print);
    const link = linkIn(host.messages.at(-1)?.message.text);
    if (options.manual) {
      print('Open the link above in a browser and sign in as "alice" (any password).');
      const connected = app.oauth.waitForAccessToken(alice, { timeoutMs: 5 * 60_000 });
      // Binding confirmation: the page shows a code that alice, the chat user, types back in chat.
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      const code = await prompt.question('Type the code the page shows (as alice would in chat): ');
      prompt.close();
      print(`[alice] confirms: ${(await app.oauth.confirmBinding(alice, code)).status}`);
      const { timedOut } = await connected;
      if (timedOut) {
        print('Nobody opened the link; stopping.');
        return;
      }
    } else {
      print('[browser] signs in as alice, approves, and is sent back to the chat host');
      const consent = await completeConsent(link, { account: 'alice' });
      const page = await fetch(consent.redirectUrl, { redirect: 'manual' });
      print(`[browser] the callback page answered HTTP ${page.status}: it asks alice to confirm in chat with the code it shows`);
      print('[alice] chooses Enter code in the bot\'s message and types the code');
      await confirmBindingInChat(host, { userId: alice.id, alias: ALIAS, pageHtml: await page.text() });
    }
    await run(host, alice, 'whoami', print);
    await run(host, alice, 'disconnect', print);
    await run(host, alice, 'whoami', print);
  } finally {
    await host.close();
    await as.close();
  }
}

async function run(host: AppHost, user: IUser, command: string, print: (line: string) => void): Promise<void> {
  print(`[${user.username}] /${command}`);
  await host.executeSlashCommand({ userId: user.id, command });
}

function linkIn(text: string | undefined): URL {
  const match = /https?:\/\/\S+/.exec(text ?? '');
  if (!match) throw new Error('The app posted no link');
  return new URL(match[0]);
}

// `npx tsx examples/oauth2-basic/src/main.ts [--manual]`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main({ manual: process.argv.includes('--manual') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
