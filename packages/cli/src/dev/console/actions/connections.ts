import type { IUser } from '@plugboard/apps-engine';
import { expireForDevelopment, type IOAuth2Client } from '@plugboard/oauth2';
import type { ConsoleContext } from '../context.ts';
import { plainError } from '../connections/plainWords.ts';

interface Target {
  alias: string;
  client: IOAuth2Client;
  user: IUser;
  accountKey: string | undefined;
  /** `alice's example connection` */
  name: string;
}

async function targetOf(ctx: ConsoleContext, form: URLSearchParams): Promise<Target | undefined> {
  const alias = form.get('alias') ?? '';
  const client = ctx.current().clients.get(alias);
  const user = await ctx.host.users.getById(form.get('account') ?? '');
  const accountKey = form.get('accountKey') || undefined;
  if (client === undefined || user === undefined) {
    ctx.activity.add('error', 'unknown alias or user');
    return undefined;
  }
  return { alias, client, user, accountKey, name: `${user.username}'s ${alias}${accountKey === undefined ? '' : ` (${accountKey})`} connection` };
}

const account = (target: Target) => (target.accountKey === undefined ? undefined : { account: target.accountKey });

async function run(ctx: ConsoleContext, target: Target, operation: string, work: () => Promise<string>): Promise<void> {
  try {
    ctx.activity.add('ok', await work());
  } catch (error) {
    const text = plainError(error);
    ctx.connections.fail(target.alias, target.user.id, operation, text);
    ctx.activity.add('error', `${operation} of ${target.name} failed: ${text}`);
  }
  ctx.live.publish('connections');
}

export async function refreshConnection(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const target = await targetOf(ctx, form);
  if (target) {
    await run(ctx, target, 'refresh', async () => ((await target.client.refreshUserAccessToken(target.user, undefined, account(target))) ? `refreshed ${target.name}` : `${target.user.username} had no ${target.alias} connection`));
  }
}

export async function expireConnection(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const target = await targetOf(ctx, form);
  if (target) {
    await run(ctx, target, 'expire', async () =>
      (await expireForDevelopment(target.client, target.user.id, target.accountKey))
        ? `${target.name} now counts as expired: the app's next use refreshes it`
        : `${target.name} could not be expired (no token, or not a Plugboard client)`,
    );
  }
}

export async function revokeConnection(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const target = await targetOf(ctx, form);
  if (target) {
    await run(ctx, target, 'revocation', async () => ((await target.client.revokeUserAccessToken(target.user, undefined, account(target))) ? `revoked ${target.name}` : `${target.user.username} had no ${target.alias} connection`));
  }
}

/**
 * What a `/connect` command would post, for apps without one (the README's 15-line app): a fresh
 * authorization link for the user, among the console's notices; it opens in a new tab.
 */
export async function connectConnection(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const target = await targetOf(ctx, form);
  if (target) {
    await run(ctx, target, 'connect', async () => {
      const url = await target.client.getUserAuthorizationUrl(target.user);
      return `[Connect ${target.user.username}'s ${target.alias} account](${url.href}) (the link works once, for ${target.user.username})`;
    });
  }
}
