import { RoomType, UserType, type IRoom, type IUser } from '@plugboard/apps-engine';
import { appUserId, type AppHost } from '@plugboard/apps-engine/server';

/**
 * A room in the console's list: a real room, or the direct room with an app's bot before either
 * wrote in it (key `dm:<bot id>`; it is created when the user first writes there).
 */
export interface RoomEntry {
  key: string;
  kind: 'direct' | 'channel' | 'group';
  /** `@alice.bot`-style for direct rooms, `#general` for channels. */
  label: string;
  room?: IRoom;
  /** For a direct room: the other member (an app's bot, or another user). */
  peer?: IUser;
  unread: number;
}

export const DIRECT_PREFIX = 'dm:';

function kindOf(room: IRoom): RoomEntry['kind'] {
  return room.type === RoomType.DIRECT_MESSAGE ? 'direct' : room.type === RoomType.PRIVATE_GROUP ? 'group' : 'channel';
}

/**
 * The rooms a chat user sees, as Rocket.Chat's sidebar lists them: direct rooms first (one with
 * each installed app's bot, whether or not it exists yet), then the channels and groups they are in,
 * and default channels (`#general`).
 */
export async function listRooms(host: AppHost, user: IUser): Promise<RoomEntry[]> {
  const users = new Map((await host.users.list()).map((u) => [u.id, u]));
  const rooms = (await host.chat.rooms.list()).filter((room) => (room.userIds ?? []).includes(user.id) || (room.type === RoomType.CHANNEL && room.isDefault === true));
  const direct: RoomEntry[] = [];
  const others: RoomEntry[] = [];
  const botsWithRoom = new Set<string>();
  for (const room of rooms) {
    const kind = kindOf(room);
    if (kind === 'direct') {
      const peerId = (room.userIds ?? []).find((id) => id !== user.id) ?? user.id;
      const peer = users.get(peerId);
      if (peer?.type === UserType.APP) botsWithRoom.add(peer.id);
      direct.push({ key: room.id, kind, label: `@${peer?.username ?? peerId}`, room, ...(peer ? { peer } : {}), unread: 0 });
    } else {
      others.push({ key: room.id, kind, label: `#${room.displayName || room.slugifiedName}`, room, unread: 0 });
    }
  }
  for (const app of host.apps()) {
    const bot = users.get(appUserId(app.id));
    if (bot && !botsWithRoom.has(bot.id)) direct.push({ key: `${DIRECT_PREFIX}${bot.id}`, kind: 'direct', label: `@${bot.username}`, peer: bot, unread: 0 });
  }
  return [...direct, ...others];
}

/**
 * The room asked for when the user sees it (`dm:<bot id>` also finds the direct room made since
 * with that bot), else the direct room with the first app's bot.
 */
export function pickRoom(rooms: readonly RoomEntry[], requested: string | null | undefined): RoomEntry | undefined {
  const peer = requested?.startsWith(DIRECT_PREFIX) ? requested.slice(DIRECT_PREFIX.length) : undefined;
  return (
    rooms.find((room) => room.key === requested) ??
    (peer === undefined ? undefined : rooms.find((room) => room.kind === 'direct' && room.peer?.id === peer)) ??
    rooms.find((room) => room.peer?.type === UserType.APP) ??
    rooms[0]
  );
}

/** The real room behind an entry, creating a direct room with its peer the first time (a POST only). */
export async function ensureRoom(host: AppHost, user: IUser, entry: RoomEntry): Promise<IRoom> {
  if (entry.room) return entry.room;
  if (!entry.peer) throw new Error(`no room ${entry.key}`);
  return host.chat.directRoom([user, entry.peer]);
}
