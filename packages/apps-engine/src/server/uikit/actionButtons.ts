import { RoomType, type IRoom } from '@rocket.chat/apps-engine/definition/rooms/index.js';
import { RoomTypeFilter, type IUIActionButton, type IUIActionButtonDescriptor, type MessageActionContext, type UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui/index.js';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/index.js';

/** Where a client shows buttons: which menu, which room, for whom. Each field left out matches all. */
export interface ActionButtonFilter {
  /** The menu: message, room, room sidebar, message box or user dropdown. */
  context?: UIActionButtonContext;
  /** The room the menu is in: keeps buttons whose `when.roomTypes` cover it. */
  room?: IRoom;
  /** A kind of room instead of a room: keeps buttons whose `when.roomTypes` name it (or name none). */
  roomType?: RoomTypeFilter;
  /** The user looking: keeps buttons whose `when.hasOneRole` / `when.hasAllRoles` the user's roles meet. */
  user?: IUser;
  /** Where a message's menu is shown (`when.messageActionContext`; default: everywhere). */
  messageActionContext?: MessageActionContext;
}

/** The kinds of room a room is, as Rocket.Chat's client tells them apart for `when.roomTypes`. */
export function roomTypeFilters(room: IRoom): RoomTypeFilter[] {
  switch (room.type) {
    case RoomType.CHANNEL:
      return [RoomTypeFilter.PUBLIC_CHANNEL, ...(room.isTeamMain ? [RoomTypeFilter.PUBLIC_TEAM] : []), ...(room.parentRoom ? [RoomTypeFilter.PUBLIC_DISCUSSION] : [])];
    case RoomType.PRIVATE_GROUP:
      return [RoomTypeFilter.PRIVATE_CHANNEL, ...(room.isTeamMain ? [RoomTypeFilter.PRIVATE_TEAM] : []), ...(room.parentRoom ? [RoomTypeFilter.PRIVATE_DISCUSSION] : [])];
    case RoomType.DIRECT_MESSAGE:
      return [RoomTypeFilter.DIRECT, ...((room.userIds ?? room.usernames ?? []).length > 2 ? [RoomTypeFilter.DIRECT_MULTIPLE] : [])];
    case RoomType.LIVE_CHAT:
      return [RoomTypeFilter.LIVE_CHAT];
    default:
      return [];
  }
}

/**
 * Whether a client shows the button there (Rocket.Chat's `applyButtonFilters`): its menu, its
 * room types, the user's roles. Permissions (`when.hasOnePermission` / `hasAllPermissions`) are
 * not checked: this host has no permission model. Roles are the user's global `roles`.
 */
export function isShown(button: IUIActionButtonDescriptor, filter: ActionButtonFilter): boolean {
  const when = button.when ?? {};
  const kinds = filter.room ? roomTypeFilters(filter.room) : filter.roomType === undefined ? undefined : [filter.roomType];
  const roles = filter.user?.roles ?? [];
  return (
    (filter.context === undefined || button.context === filter.context) &&
    (kinds === undefined || !when.roomTypes || when.roomTypes.some((kind) => kinds.includes(kind))) &&
    (filter.messageActionContext === undefined || !when.messageActionContext || when.messageActionContext.includes(filter.messageActionContext)) &&
    (filter.user === undefined || !when.hasOneRole || when.hasOneRole.some((role) => roles.includes(role))) &&
    (filter.user === undefined || !when.hasAllRoles || when.hasAllRoles.every((role) => roles.includes(role)))
  );
}

/**
 * The buttons apps registered that a client shows there, each with its app id, in install order.
 * An app registering an action id again replaces its button (Rocket.Chat keys them so too).
 */
export function actionButtons(apps: Iterable<{ info: { id: string }; buttons: readonly IUIActionButtonDescriptor[] }>, filter: ActionButtonFilter = {}): IUIActionButton[] {
  return [...apps].flatMap(({ info, buttons }) =>
    [...new Map(buttons.map((button) => [button.actionId, button])).values()]
      .filter((button) => isShown(button, filter))
      .map((button) => ({ ...button, appId: info.id })),
  );
}
