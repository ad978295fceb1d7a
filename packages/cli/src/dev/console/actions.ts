import { SettingType, type ISetting } from '@plugboard/apps-engine';
import { describeError } from '@plugboard/oauth2';
import type { ConsoleContext } from './context.ts';
import { selectUser } from './gatherView.ts';

/** A host or app failure in words that hold no secret: our message, plus the app's cause described. */
function failure(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const own = error instanceof Error ? error.message : 'failed';
  return cause === undefined ? own : `${own}: ${describeError(cause)}`;
}

export async function runCommand(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const { selected } = await selectUser(ctx, form.get('user'));
  const command = (form.get('command') ?? '').replace(/^\//, '');
  const args = form.get('args') ?? '';
  try {
    await ctx.host.executeSlashCommand({ userId: selected.id, command, args });
    ctx.activity.add('ok', `${selected.username} ran /${command}${args.trim() === '' ? '' : ' …'}`);
  } catch (error) {
    ctx.activity.add('error', `/${command} failed: ${failure(error)}`);
  }
}

/** The value a submitted field stands for, or `undefined` for "leave unchanged". */
function submittedValue(setting: ISetting, form: URLSearchParams): unknown {
  const raw = form.get(`setting:${setting.id}`);
  switch (setting.type) {
    case SettingType.BOOLEAN:
      return form.has(`present:${setting.id}`) ? raw === 'true' : undefined;
    case SettingType.PASSWORD:
      // An empty password field keeps the stored secret: it was never sent to the browser.
      return raw === null || raw === '' ? undefined : raw;
    case SettingType.NUMBER:
      return raw === null || raw.trim() === '' ? undefined : Number(raw);
    default:
      return raw ?? undefined;
  }
}

export async function saveSettings(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const changed: string[] = [];
  for (const setting of await ctx.host.settings.list(ctx.appId)) {
    if (setting.hidden === true) continue;
    const value = submittedValue(setting, form);
    if (value === undefined) continue;
    if (setting.type !== SettingType.PASSWORD && JSON.stringify(value) === JSON.stringify(await ctx.host.settings.get(ctx.appId, setting.id))) continue;
    try {
      await ctx.host.settings.set(ctx.appId, setting.id, value);
      changed.push(setting.id);
    } catch (error) {
      // Names the setting, never the value (it may be a secret typed into the wrong field).
      ctx.activity.add('error', `setting ${setting.id} not saved: ${describeError(error)}`);
    }
  }
  ctx.activity.add('ok', changed.length === 0 ? 'settings unchanged' : `saved settings: ${changed.join(', ')}`);
}

export async function revokeAccount(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const alias = form.get('alias') ?? '';
  const client = ctx.clients.get(alias);
  const user = await ctx.host.users.getById(form.get('account') ?? '');
  if (client === undefined || user === undefined) {
    ctx.activity.add('error', 'revoke: unknown alias or user');
    return;
  }
  try {
    const revoked = await client.revokeUserAccessToken(user);
    ctx.activity.add('ok', revoked ? `revoked ${user.username}'s ${alias} connection` : `${user.username} had no ${alias} connection`);
  } catch (error) {
    ctx.activity.add('error', `revoke failed: ${describeError(error)}`);
  }
}

/**
 * What a `/connect` command would post, for apps without one (the README's 15-line app): a fresh
 * authorization link for the account's user, in the activity list. The link is not followed from
 * here: the console's form-action policy keeps its forms on its own origin.
 */
export async function connectAccount(ctx: ConsoleContext, form: URLSearchParams): Promise<void> {
  const alias = form.get('alias') ?? '';
  const client = ctx.clients.get(alias);
  const user = await ctx.host.users.getById(form.get('account') ?? '');
  if (client === undefined || user === undefined) {
    ctx.activity.add('error', 'connect: unknown alias or user');
    return;
  }
  try {
    const url = await client.getUserAuthorizationUrl(user);
    ctx.activity.add('ok', `[Connect ${user.username}'s ${alias} account](${url.href}) (the link works once, for ${user.username})`);
  } catch (error) {
    ctx.activity.add('error', `connect failed: ${describeError(error)}`);
  }
}
