import { afterEach, expect, test } from 'vitest';
import {
  App,
  BlockType,
  plugboardUIExtend,
  type IConfigurationExtend,
  type IPlugboardInteractionHandler,
  type IUIKitResponse,
  type UIKitBlockInteractionContext,
  type UIKitViewCloseInteractionContext,
  type UIKitViewSubmitInteractionContext,
} from '../src/definition/index.ts';
import { info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
  running = undefined;
});

/** What a library inside the app saw: [method, id] pairs. */
const librarySaw: Array<[string, string]> = [];

/** A library's handler for `lib:` ids: a button opens its modal; it knows nothing of the app's own ids. */
const library: IPlugboardInteractionHandler = {
  prefix: 'lib:',
  async executeBlockActionHandler(context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    const { actionId } = context.getInteractionData();
    librarySaw.push(['blockAction', actionId]);
    if (actionId === 'lib:fail') throw new Error('the library failed');
    return context.getInteractionResponder().openModalViewResponse({
      id: 'lib:modal',
      title: { type: 'plain_text', text: 'Library' },
      blocks: [{ type: BlockType.INPUT, blockId: 'code', label: { type: 'plain_text', text: 'Code' }, element: { type: 'plain_text_input', actionId: 'code' } }] as never,
      submit: { type: 'button', actionId: 'submit', text: { type: 'plain_text', text: 'OK' } } as never,
    });
  },
  async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    librarySaw.push(['viewSubmit', JSON.stringify(view.state)]);
    return context.getInteractionResponder().successResponse();
  },
};

/** An app with handlers of its own for every id it gets; it registers the library as a library would. */
class HostingApp extends App {
  readonly seen: Array<[string, string]> = [];

  async executeBlockActionHandler(context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    this.seen.push(['blockAction', context.getInteractionData().actionId]);
    return context.getInteractionResponder().errorResponse();
  }

  async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    this.seen.push(['viewSubmit', context.getInteractionData().view.id]);
    return context.getInteractionResponder().errorResponse();
  }

  async executeViewClosedHandler(context: UIKitViewCloseInteractionContext): Promise<IUIKitResponse> {
    this.seen.push(['viewClosed', context.getInteractionData().view.id]);
    return context.getInteractionResponder().successResponse();
  }

  protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    plugboardUIExtend(configuration)?.registerInteractionHandler(library);
  }
}

async function setup() {
  running = await startHost();
  const { host } = running;
  const app = await host.install(HostingApp, info('hosting'));
  await host.users.add({ id: 'u1', username: 'alice' });
  const { modify } = host.accessors('hosting');
  const alice = (await host.users.getById('u1'))!;
  const room = await host.chat.directRoom([alice, (await host.accessors('hosting').read.getUserReader().getAppUser())!]);
  const buttons = ['lib:confirm', 'lib:fail', 'own'].map((actionId) => ({ type: 'button', actionId, text: { type: 'plain_text', text: actionId } }));
  const messageId = await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setBlocks([{ type: BlockType.ACTIONS, blockId: 'b', elements: buttons }] as never));
  librarySaw.length = 0;
  return { host, app, messageId };
}

test("a library's prefixed block actions, and its views' submits and closes, reach its handler and never the app's", async () => {
  const { host, app, messageId } = await setup();

  const opened = await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'lib:confirm' });
  expect(opened.views.map((open) => open.view.id)).toEqual(['lib:modal']);
  await host.interact({ type: 'viewSubmit', userId: 'u1', viewId: 'lib:modal', state: { code: { code: '123' } } });
  expect(librarySaw).toEqual([
    ['blockAction', 'lib:confirm'],
    ['viewSubmit', JSON.stringify({ code: { code: '123' } })],
  ]);
  expect(host.views.of('u1')).toEqual([]);

  // The library has no close handler: the app's runs, as it would for any view of its own.
  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'lib:confirm' });
  await host.interact({ type: 'viewClosed', userId: 'u1', viewId: 'lib:modal' });
  expect(app.seen).toEqual([['viewClosed', 'lib:modal']]);

  await host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'own' });
  expect(app.seen.at(-1)).toEqual(['blockAction', 'own']);
});

test("a library handler that throws fails the interaction like an app's handler does", async () => {
  const { host, app, messageId } = await setup();
  await expect(host.interact({ type: 'blockAction', userId: 'u1', messageId, actionId: 'lib:fail' })).rejects.toMatchObject({ code: 'interaction_failed' });
  expect(app.seen).toEqual([]);
});

test('a prefix must be 3 to 128 characters and may not overlap another; a host without the extension is detected', async () => {
  running = await startHost();
  const withHandlers = (...prefixes: string[]) =>
    class extends App {
      protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        for (const prefix of prefixes) plugboardUIExtend(configuration)?.registerInteractionHandler({ prefix });
      }
    };
  await expect(running.host.install(withHandlers('ab'), info('short'))).rejects.toMatchObject({ message: expect.stringContaining('needs a prefix of 3 to 128 characters, not "ab"') });
  await expect(running.host.install(withHandlers('lib:', 'lib:x:'), info('overlap'))).rejects.toMatchObject({ message: expect.stringContaining('The interaction handler prefix "lib:x:" overlaps "lib:"') });
  await running.host.install(withHandlers('lib:a:', 'lib:b:'), info('two'));

  // Rocket.Chat's configuration.ui has only registerButton.
  expect(plugboardUIExtend({ ui: { registerButton: () => {} } } as unknown as IConfigurationExtend)).toBeUndefined();
});
