import { afterEach, expect, test } from 'vitest';
import {
  App,
  MessageActionContext,
  RoomType,
  RoomTypeFilter,
  UIActionButtonContext,
  UIKitActionButtonInteractionContext,
  UIKitSurfaceType,
  isMessageBoxIncomingInteraction,
  type IConfigurationExtend,
  type IRoom,
  type IUIActionButton,
  type IUIKitActionButtonIncomingInteraction,
  type IUIKitActionButtonMessageBoxIncomingInteraction,
} from '../src/definition/index.ts';
import { roomTypeFilters } from '../src/server/index.ts';
import { info } from './support/apps.ts';
import type { TestHost } from './support/host.ts';
import { askOverHttp, lastData, setupPoll } from './support/uikit.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

const ids = (buttons: IUIActionButton[]) => buttons.map((button) => `${button.appId}/${button.actionId}`);

test('host.actionButtons lists registered buttons with their app id, filtered by menu, room type, roles and message context', async () => {
  const { host, alice, roomId } = (running = await setupPoll());
  class Again extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      configuration.ui.registerButton({ actionId: 'same', labelI18n: 'first', context: UIActionButtonContext.ROOM_ACTION });
      configuration.ui.registerButton({ actionId: 'same', labelI18n: 'second', context: UIActionButtonContext.ROOM_ACTION });
    }
  }
  await host.install(Again, info('again'));
  const team = (await host.chat.rooms.getById(roomId)) as IRoom;
  const direct = await host.chat.directRoom([alice, (await host.users.getById('u2'))!]);
  const admin = await host.admin();

  expect(ids(host.actionButtons())).toEqual(['poll/summarize', 'poll/room-info', 'poll/insert', 'poll/prefs', 'again/same']);
  expect(host.actionButtons({ context: UIActionButtonContext.ROOM_ACTION })).toEqual([
    { appId: 'poll', actionId: 'room-info', labelI18n: 'room_info', context: UIActionButtonContext.ROOM_ACTION, when: { roomTypes: [RoomTypeFilter.PUBLIC_CHANNEL, RoomTypeFilter.PRIVATE_CHANNEL] } },
    { appId: 'again', actionId: 'same', labelI18n: 'second', context: UIActionButtonContext.ROOM_ACTION },
  ]);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.ROOM_ACTION, room: team }))).toEqual(['poll/room-info', 'again/same']);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.ROOM_ACTION, room: direct }))).toEqual(['again/same']);
  expect(ids(host.actionButtons({ roomType: RoomTypeFilter.DIRECT, context: UIActionButtonContext.ROOM_ACTION }))).toEqual(['again/same']);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.USER_DROPDOWN_ACTION, user: alice }))).toEqual([]);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.USER_DROPDOWN_ACTION, user: admin }))).toEqual(['poll/prefs']);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.MESSAGE_ACTION, messageActionContext: MessageActionContext.THREADS }))).toEqual([]);
  expect(ids(host.actionButtons({ context: UIActionButtonContext.MESSAGE_ACTION, messageActionContext: MessageActionContext.MESSAGE }))).toEqual(['poll/summarize']);

  // Room kinds as Rocket.Chat's client tells them apart.
  const room = (fields: Partial<IRoom>) => ({ id: 'r', slugifiedName: 'r', usernames: [], creator: alice, type: RoomType.CHANNEL, ...fields }) as IRoom;
  expect(roomTypeFilters(room({ isTeamMain: true }))).toEqual([RoomTypeFilter.PUBLIC_CHANNEL, RoomTypeFilter.PUBLIC_TEAM]);
  expect(roomTypeFilters(room({ type: RoomType.PRIVATE_GROUP, parentRoom: team }))).toEqual([RoomTypeFilter.PRIVATE_CHANNEL, RoomTypeFilter.PRIVATE_DISCUSSION]);
  expect(roomTypeFilters(room({ type: RoomType.DIRECT_MESSAGE, userIds: ['a', 'b', 'c'] }))).toEqual([RoomTypeFilter.DIRECT, RoomTypeFilter.DIRECT_MULTIPLE]);
  expect(roomTypeFilters(room({ type: RoomType.LIVE_CHAT }))).toEqual([RoomTypeFilter.LIVE_CHAT]);

  await host.uninstall('again');
  expect(ids(host.actionButtons({ context: UIActionButtonContext.ROOM_ACTION }))).toEqual(['poll/room-info']);
});

test('an action button runs executeActionButtonHandler with its room, message, text and thread', async () => {
  const { host, url, app, roomId } = (running = await setupPoll());
  const messageId = await askOverHttp(url, 'team');

  const summarized = await host.interact({ type: 'actionButton', userId: 'u1', actionId: 'summarize', messageId });
  expect(app.seen.at(-1)).toBeInstanceOf(UIKitActionButtonInteractionContext);
  const message = lastData<IUIKitActionButtonIncomingInteraction>(app);
  expect(message).toMatchObject({ appId: 'poll', actionId: 'summarize', buttonContext: UIActionButtonContext.MESSAGE_ACTION, triggerId: summarized.triggerId });
  expect([message.user.id, message.room.id, message.message?.id, message.message?.text]).toEqual(['u1', roomId, messageId, 'Question']);

  // The room button answers with a contextual bar, which opens in that room.
  const info = await host.interact({ type: 'actionButton', userId: 'u1', appId: 'poll', actionId: 'room-info', roomId });
  expect(lastData<IUIKitActionButtonIncomingInteraction>(app)).toMatchObject({ buttonContext: UIActionButtonContext.ROOM_ACTION, room: { id: roomId } });
  expect(info.views.map((open) => [open.view.id, open.view.type, open.roomId])).toEqual([['room-info-bar', UIKitSurfaceType.CONTEXTUAL_BAR, roomId]]);

  await host.interact({ type: 'actionButton', userId: 'u1', actionId: 'insert', roomId, text: 'draft text', threadId: messageId });
  const box = lastData<IUIKitActionButtonMessageBoxIncomingInteraction>(app);
  expect(isMessageBoxIncomingInteraction(box)).toBe(true);
  expect(box).toMatchObject({ buttonContext: UIActionButtonContext.MESSAGE_BOX_ACTION, text: 'draft text', threadId: messageId, room: { id: roomId } });

  await host.interact({ type: 'actionButton', userId: 'admin', actionId: 'prefs' });
  const dropdown = lastData<IUIKitActionButtonIncomingInteraction>(app);
  expect(dropdown).toMatchObject({ buttonContext: UIActionButtonContext.USER_DROPDOWN_ACTION, user: { id: 'admin' } });
  expect(dropdown.room).toBeUndefined();
});

test('an action button a client would not show, or one without its room or message, is refused', async () => {
  const { host, url, alice, roomId } = (running = await setupPoll());
  const direct = await host.chat.directRoom([alice, (await host.users.getById('u2'))!]);
  await askOverHttp(url, 'team');
  const cases: Array<[Parameters<typeof host.interact>[0], string, RegExp]> = [
    [{ type: 'actionButton', userId: 'u1', actionId: 'room-info', roomId: direct.id }, 'invalid_interaction', /^Action button "room-info" of app "poll" is not shown to user "u1" in room "\w+" \(a direct room\): see its "when"$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'prefs' }, 'invalid_interaction', /^Action button "prefs" of app "poll" is not shown to user "u1": see its "when"$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'summarize' }, 'invalid_interaction', /^Action button "summarize" is a message action: pass messageId$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'room-info' }, 'invalid_interaction', /^Action button "room-info" is a roomAction: pass roomId$/],
    [{ type: 'actionButton', userId: 'u2', actionId: 'room-info', roomId }, 'invalid_interaction', /^User "u2" is not in room "\w+"$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'nope', roomId }, 'action_not_found', /^No action button "nope" is registered$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'room-info', appId: 'ghost', roomId }, 'app_not_found', /^No app "ghost" is installed$/],
    [{ type: 'actionButton', userId: 'u1', actionId: 'room-info', roomId: 'no-room' }, 'room_not_found', /^No room "no-room"$/],
  ];
  for (const [interaction, code, message] of cases) {
    await expect(host.interact(interaction), JSON.stringify(interaction)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  }
});
