import 'reflect-metadata';
import { Container } from 'inversify';
import type { IApiEndpointMetadata } from '../../definition/api/IApi.ts';
import type { IAppAccessors } from '../../definition/accessors/IAppAccessors.ts';
import { AppPersistence } from '../accessors/AppPersistence.ts';
import { AppPersistenceReader } from '../accessors/AppPersistenceReader.ts';
import { EnvironmentReader } from '../accessors/EnvironmentReader.ts';
import { Modify } from '../accessors/Modify.ts';
import { Reader } from '../accessors/Reader.ts';
import { AppLockAccessor } from '../locks/AppLockAccessor.ts';
import { AppLogger } from '../logging/AppLogger.ts';
import { AppHttp } from '../outbound/AppHttp.ts';
import { HttpDefaults } from '../outbound/HttpDefaults.ts';
import { resolve, TOKENS } from './tokens.ts';

/**
 * One child container per installed app. The parent holds the host-wide services (bridge, settings,
 * users, messages, log sink); the child binds the app's id and builds its accessors from them, so
 * every service an app reaches is scoped to that app. Uninstalling drops the child.
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
  container.bind(TOKENS.Read).to(Reader);
  container.bind(TOKENS.Modify).to(Modify);
  container.bind(TOKENS.Http).to(AppHttp);
  container.bind(TOKENS.Locks).to(AppLockAccessor);
  container.bind(TOKENS.Accessors).toDynamicValue(
    (context): IAppAccessors => ({
      environmentReader: resolve(context, TOKENS.EnvironmentRead),
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
