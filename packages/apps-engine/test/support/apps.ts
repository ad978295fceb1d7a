import { App, type IConfigurationExtend, type IApiEndpoint, ApiSecurity, ApiVisibility, type ISetting, type ISlashCommand } from '../../src/definition/index.ts';

export interface TestAppParts {
  endpoints?: IApiEndpoint[];
  settings?: ISetting[];
  commands?: ISlashCommand[];
}

/** An app class that registers exactly the given endpoints, settings and commands. */
export function appWith(parts: TestAppParts) {
  return class TestApp extends App {
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      if (parts.endpoints) {
        configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: parts.endpoints });
      }
      for (const setting of parts.settings ?? []) {
        await configuration.settings.provideSetting(setting);
      }
      for (const command of parts.commands ?? []) {
        await configuration.slashCommands.provideSlashCommand(command);
      }
    }
  };
}

export const info = (id: string) => ({ id, name: `App ${id}`, version: '1.0.0' });
