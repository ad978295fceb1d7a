import { afterEach, expect, test } from 'vitest';
import { App, type IConfigurationExtend, type IRead, type IModify, type IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { actionsBlock, sectionBlock, submittedText, textInputModal } from '../../src/chat/blocks.ts';
import { ChatActions } from '../../src/chat/chatActions.ts';
import { sendDirectMessage, updateDirectMessage } from '../../src/chat/directMessage.ts';

let host: AppHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const seen: string[] = [];

/** An app that knows nothing of the library's buttons; the library (ChatActions) registers itself. */
class QuietApp extends App {
  readonly chat = new ChatActions('demo');
  appSaw: string[] = [];

  async executeBlockActionHandler(): Promise<never> {
    this.appSaw.push('blockAction');
    throw new Error('the app must not see the library\'s buttons');
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    this.chat.onBlockAction('ask', async (context) => {
      seen.push(`ask by ${context.getInteractionData().user.id}`);
      return context.getInteractionResponder().openModalViewResponse(
        textInputModal({ appId: 'quiet', viewId: this.chat.viewId('code'), title: 'Code', intro: 'Type it', label: 'Code', blockId: 'b', actionId: 'a', submit: 'OK' }) as never,
      );
    });
    this.chat.onViewSubmit('code', async (context) => {
      seen.push(`code ${submittedText(context.getInteractionData().view.state, 'b', 'a')}`);
      return context.getInteractionResponder().successResponse();
    });
    this.chat.register(configuration);
  }
}

async function start(): Promise<{ app: QuietApp; alice: IUser; read: IRead; modify: IModify }> {
  host = new AppHost({ siteUrl: 'http://127.0.0.1:1' });
  const app = await host.install(QuietApp, { id: 'quiet', name: 'Quiet', version: '1.0.0' });
  const alice = await host.users.add({ id: 'u-alice', username: 'alice' });
  const { read, modify } = host.accessors('quiet');
  seen.length = 0;
  return { app, alice, read, modify };
}

test("a DM from the app's bot with library-handled buttons and a modal: the app's handlers never see them", async () => {
  const { app, alice, read, modify } = await start();
  expect(app.chat.handlesInteractions).toBe(true);
  const messageId = await sendDirectMessage(read, modify, alice, {
    text: 'Confirm?',
    blocks: [sectionBlock('quiet', 'Confirm?'), actionsBlock('quiet', 'b1', [{ actionId: app.chat.actionId('ask'), text: 'Enter code', style: 'primary' }])],
  });
  expect(messageId).toBeDefined();
  const posted = host!.messages.find((entry) => entry.message.id === messageId);
  expect(posted?.room.type).toBe('d');
  expect(posted?.sender.username).not.toBe('alice');

  const opened = await host!.interact({ type: 'blockAction', userId: 'u-alice', messageId: messageId!, actionId: app.chat.actionId('ask') });
  expect(opened.views.map((view) => view.view.id)).toEqual([app.chat.viewId('code')]);
  await host!.interact({ type: 'viewSubmit', userId: 'u-alice', viewId: app.chat.viewId('code'), state: { b: { a: 'ABC' } } });
  expect(seen).toEqual(['ask by u-alice', 'code ABC']);
  expect(app.appSaw).toEqual([]);

  // The buttons go once they did their job; a message that is gone is no error.
  expect(await updateDirectMessage(read, modify, messageId!, { text: 'Done' })).toBe(true);
  expect(await updateDirectMessage(read, modify, 'no-such-message', { text: 'Done' })).toBe(false);
});

test('on a host without plugboardUIExtend the app passes interactions on: ids that are not ours answer undefined', async () => {
  const chat = new ChatActions('demo');
  chat.register({ ui: { registerButton: () => {} } } as unknown as IConfigurationExtend);
  expect(chat.handlesInteractions).toBe(false);
  const context = { getInteractionData: () => ({ actionId: 'own-button' }) } as never;
  expect(await chat.handleBlockAction(context, {} as never)).toBeUndefined();
});
