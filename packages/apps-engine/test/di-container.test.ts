import { afterEach, expect, test } from 'vitest';
import { AssociationModel, AssociationRecord, plugboardAccessors } from '../src/definition/index.ts';
import { TOKENS } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

test('each app gets its own child container, bound to its own id and accessors', async () => {
  running = await startHost();
  const { host } = running;
  await host.install(appWith({}), info('alpha'));
  await host.install(appWith({}), info('beta'));
  const alpha = host.container('alpha');
  const beta = host.container('beta');
  expect(alpha).not.toBe(beta);
  expect(alpha.get(TOKENS.AppId)).toBe('alpha');
  expect(beta.get(TOKENS.AppId)).toBe('beta');
  // Host-wide services come from the shared parent; app services are per app (and singletons).
  expect(alpha.get(TOKENS.Settings)).toBe(beta.get(TOKENS.Settings));
  expect(alpha.get(TOKENS.Persistence)).not.toBe(beta.get(TOKENS.Persistence));
  expect(alpha.get(TOKENS.Persistence)).toBe(alpha.get(TOKENS.Persistence));
  expect(plugboardAccessors(host.getApp('alpha')!)?.persistence).toBe(alpha.get(TOKENS.Persistence));
});

test("an app's persistence never sees another app's records", async () => {
  running = await startHost();
  const { host } = running;
  await host.install(appWith({}), info('alpha'));
  await host.install(appWith({}), info('beta'));
  const mark = new AssociationRecord(AssociationModel.MISC, 'shared-name');
  const id = await host.accessors('alpha').persistence.createWithAssociation({ owner: 'alpha' }, mark);
  const betaRead = host.accessors('beta').read.getPersistenceReader();
  expect(await betaRead.read(id)).toBeUndefined();
  expect(await betaRead.readByAssociation(mark)).toEqual([]);
  expect(await host.accessors('beta').persistence.removeByAssociation(mark)).toEqual([]);
  expect(await host.accessors('alpha').read.getPersistenceReader().readByAssociation(mark)).toEqual([{ owner: 'alpha' }]);
});
