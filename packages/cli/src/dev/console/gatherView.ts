import { UIActionButtonContext, UserType, type IUser } from '@plugboard/apps-engine';
import type { ConsoleContext } from './context.ts';
import { gatherConnections } from './connections/gatherConnections.ts';
import { listRooms, pickRoom } from './rooms/roomList.ts';
import { roomMessages } from './rooms/roomMessages.ts';
import type { ConsoleView } from './view.ts';

/** The selected chat user: the one asked for when known, else the first who is not the administrator (alice). */
export async function selectUser(ctx: ConsoleContext, requested: string | null | undefined): Promise<{ users: IUser[]; selected: IUser }> {
  // People, not the apps' bot users.
  const users = (await ctx.host.users.list()).filter((u) => u.type === UserType.USER);
  const selected = users.find((u) => u.id === requested) ?? users.find((u) => !u.roles.includes('admin')) ?? users[0];
  if (selected === undefined) throw new Error('the dev host has no chat users');
  return { users, selected };
}

/** Unread counts: messages of others newer than the user's last look at each room. */
async function countUnread(ctx: ConsoleContext, user: IUser, rooms: Awaited<ReturnType<typeof listRooms>>, open: string | undefined): Promise<void> {
  for (const room of rooms) {
    if (room.key === open || room.room === undefined) continue;
    const since = ctx.seen.since(user.id, room.key);
    room.unread = (await roomMessages(ctx.host, user, room)).filter((m) => m.sender.id !== user.id && m.time.getTime() > since).length;
  }
}

/**
 * Everything a page shows for a user and room. Reading only: nothing is created, refreshed or sent
 * (the direct room with a bot is created when the user first writes there). The open room is
 * marked read.
 */
export async function gatherView(ctx: ConsoleContext, requestedUser: string | null, requestedRoom: string | null): Promise<ConsoleView> {
  const now = Date.now();
  const { app, appId, aliases, clients } = ctx.current();
  const { users, selected } = await selectUser(ctx, requestedUser);
  const rooms = await listRooms(ctx.host, selected);
  const room = pickRoom(rooms, requestedRoom);
  const messages = room === undefined ? [] : await roomMessages(ctx.host, selected, room);
  if (room !== undefined) ctx.seen.mark(selected.id, room.key, now);
  await countUnread(ctx, selected, rooms, room?.key);
  const info = app.getInfo();
  const views = ctx.host.views.of(selected.id);
  const where = { user: selected, ...(room?.room === undefined ? {} : { room: room.room }) };
  const view: ConsoleView = {
    app: { id: appId, name: info.name, version: info.version },
    users,
    selected,
    rooms,
    room,
    messages,
    commands: ctx.host.slashCommands(),
    buttons: {
      message: ctx.host.actionButtons({ ...where, context: UIActionButtonContext.MESSAGE_ACTION }),
      room: ctx.host.actionButtons({ ...where, context: UIActionButtonContext.ROOM_ACTION }),
      messageBox: ctx.host.actionButtons({ ...where, context: UIActionButtonContext.MESSAGE_BOX_ACTION }),
    },
    modal: views.filter((open) => open.view.type === 'modal').at(-1),
    bars: views.filter((open) => open.view.type === 'contextualBar'),
    connections: await gatherConnections(aliases.map((a) => a.alias), users, clients, ctx.connections, now),
    aliases,
    requests: ctx.requests.list(),
    settings: await ctx.host.settings.list(appId),
    activity: ctx.activity.list(),
    csrf: ctx.csrf,
    now,
  };
  if (ctx.issuer !== undefined) view.issuer = ctx.issuer;
  if (ctx.watching === true) view.watching = true;
  return view;
}
