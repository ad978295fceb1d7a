import 'reflect-metadata';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/index.js';
import { Container } from 'inversify';
import type { IPlugboardAppAccessors } from '../../definition/extensions/accessors.ts';
import { Creator } from '../accessors/modify/Creator.ts';
import { Deleter } from '../accessors/modify/Deleter.ts';
import { AppPersistence } from '../accessors/modify/AppPersistence.ts';
import { Extender } from '../accessors/modify/Extender.ts';
import { Modify } from '../accessors/modify/Modify.ts';
import { Notifier } from '../accessors/modify/Notifier.ts';
import { UiController } from '../accessors/modify/UiController.ts';
import { Updater } from '../accessors/modify/Updater.ts';
import { AppPersistenceReader } from '../accessors/read/AppPersistenceReader.ts';
import { EnvironmentReader } from '../accessors/read/EnvironmentReader.ts';
import { EnvironmentWriter } from '../accessors/read/EnvironmentWriter.ts';
import { MessageReader } from '../accessors/read/MessageReader.ts';
import { Reader } from '../accessors/read/Reader.ts';
import { RoomReader } from '../accessors/read/RoomReader.ts';
import { UserReader } from '../accessors/read/UserReader.ts';
import { AppLockAccessor } from '../locks/AppLockAccessor.ts';
import { AppLogger } from '../logging/AppLogger.ts';
import { AppHttp } from '../outbound/AppHttp.ts';
import { HttpAccessor } from '../outbound/HttpAccessor.ts';
import { HttpDefaults } from '../outbound/HttpDefaults.ts';
import { AppScheduler } from '../scheduler/AppScheduler.ts';
import { resolve, TOKENS } from './tokens.ts';

/**
 * One child container per installed app. The parent holds the host-wide services (bridge, settings,
 * users, chat, views, log sink); the child binds the app's id and builds its accessors from them,
 * so every service an app reaches is scoped to that app. Uninstalling drops the child.
 */
export function createAppContainer(parent: Container, appId: string): Container {
  const container = new Container({ parent, defaultScope: 'Singleton' });
  container.bind(TOKENS.AppId).toConstantValue(appId);
  container.bind(TOKENS.HttpDefaults).toConstantValue(new HttpDefaults());
  container.bind(TOKENS.ProvidedEndpoints).toConstantValue([] as IApiEndpointMetadata[]);
  container.bind(TOKENS.Logger).toDynamicValue((context) => new AppLogger(appId, resolve(context, TOKENS.LogSink), resolve(context, TOKENS.Redactor)));
  container.bind(TOKENS.Persistence).to(AppPersistence);
  container.bind(TOKENS.PersistenceRead).to(AppPersistenceReader);
  container.bind(TOKENS.EnvironmentRead).to(EnvironmentReader);
  container.bind(TOKENS.EnvironmentWrite).to(EnvironmentWriter);
  container.bind(TOKENS.UserRead).to(UserReader);
  container.bind(TOKENS.RoomRead).to(RoomReader);
  container.bind(TOKENS.MessageRead).to(MessageReader);
  container.bind(TOKENS.Notifier).to(Notifier);
  container.bind(TOKENS.Read).to(Reader);
  container.bind(TOKENS.Creator).to(Creator);
  container.bind(TOKENS.Updater).to(Updater);
  container.bind(TOKENS.Deleter).to(Deleter);
  container.bind(TOKENS.Extender).to(Extender);
  container.bind(TOKENS.UiController).to(UiController);
  container.bind(TOKENS.AppScheduler).to(AppScheduler);
  container.bind(TOKENS.Scheduler).toService(TOKENS.AppScheduler);
  container.bind(TOKENS.Modify).to(Modify);
  container.bind(TOKENS.RawHttp).to(AppHttp);
  container.bind(TOKENS.Http).to(HttpAccessor);
  container.bind(TOKENS.Locks).to(AppLockAccessor);
  container.bind(TOKENS.Accessors).toDynamicValue(
    (context): IPlugboardAppAccessors => ({
      environmentReader: resolve(context, TOKENS.EnvironmentRead),
      environmentWriter: resolve(context, TOKENS.EnvironmentWrite),
      reader: resolve(context, TOKENS.Read),
      http: resolve(context, TOKENS.Http),
      providedApiEndpoints: resolve(context, TOKENS.ProvidedEndpoints),
      persistence: resolve(context, TOKENS.Persistence),
      modify: resolve(context, TOKENS.Modify),
      locks: resolve(context, TOKENS.Locks),
    }),
  );
  return container;
}
