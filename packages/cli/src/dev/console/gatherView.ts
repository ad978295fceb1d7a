import { UserType, type IUser } from '@plugboard/apps-engine';
import { listAccounts } from './accounts.ts';
import type { ConsoleContext } from './context.ts';
import type { ConsoleView } from './view.ts';

/** The selected chat user: the one asked for when known, else the first who is not the administrator (alice). */
export async function selectUser(ctx: ConsoleContext, requested: string | null | undefined): Promise<{ users: IUser[]; selected: IUser }> {
  // People, not the apps' bot users.
  const users = (await ctx.host.users.list()).filter((u) => u.type === UserType.USER);
  const selected = users.find((u) => u.id === requested) ?? users.find((u) => !u.roles.includes('admin')) ?? users[0];
  if (selected === undefined) throw new Error('the dev host has no chat users');
  return { users, selected };
}

export async function gatherView(ctx: ConsoleContext, requestedUser: string | null): Promise<ConsoleView> {
  const { users, selected } = await selectUser(ctx, requestedUser);
  const info = ctx.app.getInfo();
  const view: ConsoleView = {
    app: { id: ctx.appId, name: info.name, version: info.version },
    users,
    selected,
    commands: ctx.host.slashCommands().filter((c) => c.appId === ctx.appId),
    // What this user sees: notifications to them, and messages in their rooms.
    messages: ctx.host.messages.filter((m) => (m.recipient ? m.recipient.id === selected.id : (m.room.userIds ?? []).includes(selected.id))),
    settings: await ctx.host.settings.list(ctx.appId),
    accounts: await listAccounts(
      ctx.aliases.map((a) => a.alias),
      users,
      ctx.clients,
    ),
    aliases: ctx.aliases,
    activity: ctx.activity.list(),
    csrf: ctx.csrf,
  };
  if (ctx.issuer !== undefined) view.issuer = ctx.issuer;
  return view;
}
