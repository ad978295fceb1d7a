import { afterEach, expect, test } from 'vitest';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

// What this host does not provide: getting the accessor works (apps often hold them), calling it
// rejects with not_supported and the exact call, so an author knows what to change.
test.each([
  ['read.getLivechatReader().getDepartmentsEnabledWithAgents()', (a: Accessors) => a.read.getLivechatReader().getDepartmentsEnabledWithAgents()],
  ['read.getUploadReader().getById()', (a: Accessors) => a.read.getUploadReader().getById('f')],
  ['read.getVideoConferenceReader().getById()', (a: Accessors) => a.read.getVideoConferenceReader().getById('v')],
  ['read.getCloudWorkspaceReader().getWorkspaceToken()', (a: Accessors) => a.read.getCloudWorkspaceReader().getWorkspaceToken('scope')],
  ['read.getRoleReader().getOneByIdOrName()', (a: Accessors) => a.read.getRoleReader().getOneByIdOrName('admin', 'app')],
  ['read.getOAuthAppsReader().getOAuthAppById()', (a: Accessors) => a.read.getOAuthAppsReader().getOAuthAppById('x', 'app')],
  ['read.getContactReader().getById()', (a: Accessors) => a.read.getContactReader().getById('c')],
  ['read.getUserReader().getUserUnreadMessageCount()', (a: Accessors) => a.read.getUserReader().getUserUnreadMessageCount('u')],
  ['read.getRoomReader().getUnreadByUser()', (a: Accessors) => a.read.getRoomReader().getUnreadByUser('r', 'u')],
  ['modify.getCreator().getUploadCreator().uploadBuffer()', (a: Accessors) => a.modify.getCreator().getUploadCreator().uploadBuffer(Buffer.from(''), {} as never)],
  ['modify.getCreator().getLivechatCreator().createRoom()', (a: Accessors) => a.modify.getCreator().getLivechatCreator().createRoom({} as never, {} as never)],
  ['modify.getUpdater().getUserUpdater().updateBio()', (a: Accessors) => a.modify.getUpdater().getUserUpdater().updateBio({} as never, '')],
  ['modify.getOAuthAppsModifier().deleteOAuthApp()', (a: Accessors) => a.modify.getOAuthAppsModifier().deleteOAuthApp('x', 'app')],
  ['modify.getModerationModifier().report()', (a: Accessors) => a.modify.getModerationModifier().report('m', 'why', {} as never, 'app')],
  ['modify.getDeleter().deleteUsers()', (a: Accessors) => a.modify.getDeleter().deleteUsers('app', 'app' as never)],
  ['modify.getExtender().extendVideoConference()', (a: Accessors) => a.modify.getExtender().extendVideoConference('v')],
])('%s rejects with not_supported naming the call', async (call, run) => {
  running = await startHost();
  await running.host.install(appWith({}), info('gaps'));
  const accessors = running.host.accessors('gaps');
  await expect(run(accessors)).rejects.toMatchObject({ code: 'not_supported', message: `${call} is not supported by this host (Plugboard)` });
});

test('builders this host cannot finish throw at once, naming the call', async () => {
  running = await startHost();
  await running.host.install(appWith({}), info('gaps'));
  const creator = running.host.accessors('gaps').modify.getCreator();
  expect(() => creator.startDiscussion()).toThrow('modify.getCreator().startDiscussion() is not supported by this host (Plugboard)');
  expect(() => creator.startLivechatMessage()).toThrow(/startLivechatMessage\(\) is not supported/);
  expect(() => creator.startVideoConference()).toThrow(/startVideoConference\(\) is not supported/);
  expect(() => creator.startBotUser()).toThrow(/startBotUser\(\) is not supported/);
});

type Accessors = ReturnType<TestHost['host']['accessors']>;
