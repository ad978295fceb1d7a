import { plugboardAccessors, type IModify, type IPersistence, type IRead, type IRoom, type IUIKitResponse, type IUser, type UIKitBlockInteractionContext } from '@plugboard/apps-engine';
import type { IAuthorizationOptions } from '../IOAuth2Client.ts';
import type { ClientContext } from '../client/context.ts';
import { describeError } from '../errors.ts';
import { scopesToAsk, type Attention, type ConnectionHealth } from '../health/connectionHealth.ts';
import { actionsBlock, sectionBlock } from './blocks.ts';
import type { InteractionAccessors } from './chatActions.ts';
import { sendDirectMessage, updateDirectMessage } from './directMessage.ts';
import { NoticeStore } from './noticeStore.ts';
import type { IRelinkMessageOptions, IRelinkNotice } from './relinkOptions.ts';

type Authorize = (user: IUser, scopes: string[], options: IAuthorizationOptions) => Promise<URL>;

/** The button in the re-link message, and the link button its click shows. */
const RELINK = 'relink';
const OPEN = 'relink-open';

/**
 * The re-link message (issue 15 item 3): when a connection enters `needs_reauth` (once per episode,
 * decided by ConnectionHealth under a store lock) the user gets one direct message from the app's
 * bot with a button. Where the host routes the client's own clicks (`plugboardUIExtend`), the
 * button carries no link: the click makes a fresh authorization URL for the user who clicked and
 * shows it to them alone, so the link is never older than its state's lifetime and never sits in a
 * room. Elsewhere (a Rocket.Chat server) the button is a link made when the message is sent.
 */
export class RelinkNotices {
  private readonly notices: NoticeStore;

  constructor(
    private readonly ctx: ClientContext,
    private readonly health: ConnectionHealth,
    private readonly authorize: Authorize,
  ) {
    ctx.chat.onBlockAction(RELINK, (context, io) => this.clicked(context, io));
    // The link button's click: the client opened the link; nothing to do here.
    ctx.chat.onBlockAction(OPEN, async (context) => context.getInteractionResponder().successResponse());
    this.notices = new NoticeStore(ctx.alias);
    // Re-linked (on this host): the standing message loses its button.
    ctx.events.on('authorizationCodeExchanged', (event) => {
      void this.settle(event.userId, event.accountKey).catch((error: unknown) => {
        ctx.app.getLogger().warn(`[${ctx.alias}] updating the re-link message of user ${event.userId} failed: ${describeError(error)}`);
      });
    });
  }

  /** Sends the message for an episode; ConnectionHealth logs a failure. */
  async send(attention: Attention): Promise<void> {
    const options: IRelinkMessageOptions | false = this.ctx.options.relinkMessage ?? {};
    if (options === false) return;
    const io = attention.io ?? this.hostIo();
    if (!io) {
      this.ctx.warnOnce('relink-no-chat', "a re-link message could not be sent: this host gives apps no chat access outside handlers (pass a handler's read and modify)");
      return;
    }
    const user = await io.read.getUserReader().getById(attention.userId);
    if (!user) return;
    const notice: IRelinkNotice = {
      alias: this.ctx.alias,
      reason: attention.status.state === 'needs_reauth' ? (attention.status.reason as IRelinkNotice['reason']) : 'not_connected',
      ...(attention.accountKey === undefined ? {} : { accountKey: attention.accountKey }),
      scopes: attention.scopes,
    };
    const text = typeof options.text === 'function' ? options.text(notice) : (options.text ?? defaultText(notice));
    const label = options.buttonText ?? (notice.reason === 'not_connected' ? 'Connect' : 'Re-link');
    const { appId, chat } = this.ctx;
    const button = { text: label, actionId: chat.actionId(RELINK), value: attention.accountKey ?? '', style: 'primary' as const };
    if (chat.handlesInteractions) {
      const id = await sendDirectMessage(io.read, io.modify, user, { text, blocks: [sectionBlock(appId, text), actionsBlock(appId, chat.actionId(RELINK), [button])] });
      await this.remember(attention.persis, attention.userId, attention.accountKey, id);
      return;
    }
    // No click routing: a link made now, usable once within the state's lifetime.
    const url = await this.authorize(user, attention.scopes, { ...accountOption(attention.accountKey), persis: attention.persis });
    const note = `${text} The link works once, within ${minutes(this.ctx.profile.stateTtlMs)}.`;
    // Its click is only the link opening; "New link" makes a fresh one where the app forwards clicks (handleBlockAction).
    const open = { text: label, actionId: chat.actionId(OPEN), url: url.toString(), style: 'primary' as const };
    const again = { text: 'New link', actionId: chat.actionId(RELINK), value: button.value };
    const id = await sendDirectMessage(io.read, io.modify, user, { text, blocks: [sectionBlock(appId, note), actionsBlock(appId, chat.actionId(RELINK), [open, again])] });
    await this.remember(attention.persis, attention.userId, attention.accountKey, id);
  }

  private async remember(persis: IPersistence, userId: string, accountKey: string | undefined, messageId: string | undefined): Promise<void> {
    if (messageId !== undefined) await this.notices.write(persis, userId, accountKey, messageId);
  }

  /**
   * The user re-linked: the re-link message, if one stands, says so and loses its buttons. Where
   * the host gives no chat outside handlers (Rocket.Chat) it stays as it was.
   */
  private async settle(userId: string, accountKey: string | undefined): Promise<void> {
    const accessors = plugboardAccessors(this.ctx.app);
    if (!accessors) return;
    const messageId = await this.notices.read(accessors.reader.getPersistenceReader(), userId, accountKey);
    if (messageId === undefined || !(await this.notices.remove(accessors.persistence, userId, accountKey))) return;
    const text = `Your ${this.ctx.alias} account is connected again.`;
    await updateDirectMessage(accessors.reader, accessors.modify, messageId, { text, blocks: [sectionBlock(this.ctx.appId, text)] });
  }

  /**
   * A click on the button: a fresh authorization for the user who clicked (never for whom the
   * message named: the value is only an account key, and a client may send any value), asking
   * for what their connection lacks now, shown to them alone.
   */
  private async clicked(context: UIKitBlockInteractionContext, io: InteractionAccessors): Promise<IUIKitResponse> {
    const { user, room, value } = context.getInteractionData();
    const accountKey = typeof value === 'string' && value !== '' ? value : undefined;
    const { appId, chat, alias } = this.ctx;
    try {
      const record = await this.health.current(user.id, accountKey);
      const scopes = record?.state === 'needs_reauth' ? scopesToAsk(record) : record?.state === 'none' && record.scope ? record.scope.split(' ').filter(Boolean) : [];
      const url = await this.authorize(user, scopes, { ...accountOption(accountKey), persis: io.persis });
      const text = `Open this link to connect your ${alias} account. It works once, within ${minutes(this.ctx.profile.stateTtlMs)}.`;
      await notify(io.modify, user, text, [sectionBlock(appId, text), actionsBlock(appId, chat.actionId(OPEN), [{ text: `Open ${alias}`, actionId: chat.actionId(OPEN), url: url.toString(), style: 'primary' }])], room);
    } catch (error) {
      this.ctx.app.getLogger().warn(`[${alias}] the re-link button of user ${user.id} failed: ${describeError(error)}`);
      await notify(io.modify, user, `The ${alias} link could not be made just now. Try again in a moment.`, undefined, room).catch(() => {});
    }
    return context.getInteractionResponder().successResponse();
  }

  private hostIo(): { read: IRead; modify: IModify } | undefined {
    const accessors = plugboardAccessors(this.ctx.app);
    return accessors ? { read: accessors.reader, modify: accessors.modify } : undefined;
  }
}

function accountOption(accountKey: string | undefined): { account?: string } {
  return accountKey === undefined ? {} : { account: accountKey };
}

function minutes(ms: number): string {
  const n = Math.max(1, Math.round(ms / 60_000));
  return n === 1 ? '1 minute' : `${n} minutes`;
}

function defaultText(notice: IRelinkNotice): string {
  const name = notice.accountKey === undefined ? `your ${notice.alias} account` : `your ${notice.alias} account ${notice.accountKey}`;
  switch (notice.reason) {
    case 'not_connected':
      return `Connect ${name} to continue.`;
    case 'scopes_missing':
      return `The app needs more access to ${name} (${notice.scopes.join(', ')}). Re-link it to grant it.`;
    default:
      return `The connection to ${name} stopped working. Re-link it to continue.`;
  }
}

/** An ephemeral message to the user alone (in `room`; on Plugboard without one, their direct room with the app's bot). */
async function notify(modify: IModify, user: IUser, text: string, blocks: object[] | undefined, room: IRoom | undefined): Promise<void> {
  const notifier = modify.getNotifier();
  const builder = notifier.getMessageBuilder().setText(text);
  if (blocks) builder.setBlocks(blocks as never);
  if (room) builder.setRoom(room);
  await notifier.notifyUser(user, builder.getMessage());
}
