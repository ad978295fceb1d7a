import { ApiVisibility, type IApi, type IApiEndpoint } from '@rocket.chat/apps-engine/definition/api/index.js';
import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings/index.js';
import { type IConfigurationExtend, type ILogger } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import { type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/index.js';
import { type ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
import { type IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui/index.js';
import type { IPlugboardInteractionHandler, IPlugboardUIExtend } from '../../definition/extensions/interactions.ts';
import { HostError } from '../errors.ts';
import type { HttpDefaults } from '../outbound/HttpDefaults.ts';

/** What an app registered during `extendConfiguration`. Nothing here is live until the app is enabled. */
export class Registrations {
  readonly endpoints: IApiEndpoint[] = [];
  readonly settings: ISetting[] = [];
  readonly commands: ISlashCommand[] = [];
  readonly processors: IProcessor[] = [];
  readonly buttons: IUIActionButtonDescriptor[] = [];
  /** Plugboard: handlers of a library's own interactions (`plugboardUIExtend`). */
  readonly interactionHandlers: IPlugboardInteractionHandler[] = [];

  /** `provided` learns each setting as the app provides it (settings are readable at once). */
  constructor(private readonly provided: (setting: ISetting) => void = () => {}) {}

  /** Rocket.Chat's `IConfigurationExtend` handed to the app; it only appends to this object. */
  configurationFor(http: HttpDefaults, logger: ILogger): IConfigurationExtend {
    const ignored = (what: string) => async (): Promise<void> => {
      logger.warn(`${what} is not supported by this host (Plugboard): the registration is ignored`);
    };
    const ui: IPlugboardUIExtend = {
      registerButton: (button: IUIActionButtonDescriptor) => {
        this.buttons.push({ ...button });
      },
      registerInteractionHandler: (handler: IPlugboardInteractionHandler) => {
        this.interactionHandlers.push(checkedHandler(handler, this.interactionHandlers));
      },
    };
    return {
      api: {
        provideApi: async (api: IApi) => {
          if (api?.visibility === ApiVisibility.PRIVATE) {
            logger.warn(`Ignoring ${api.endpoints?.length ?? 0} private endpoint(s): this host serves public endpoints only`);
            return;
          }
          this.endpoints.push(...(api?.endpoints ?? []));
        },
      },
      settings: {
        provideSetting: async (setting: ISetting) => {
          const safe = secretsNotPublic(setting, logger);
          this.settings.push(safe);
          this.provided(safe);
        },
      },
      slashCommands: {
        provideSlashCommand: async (command: ISlashCommand) => {
          this.commands.push(command);
        },
      },
      scheduler: {
        registerProcessors: async (processors: IProcessor[] = []) => {
          this.processors.push(...processors);
          return processors.map((processor) => processor.id);
        },
      },
      ui,
      http,
      externalComponents: { register: ignored('configuration.externalComponents.register()') },
      videoConfProviders: { provideVideoConfProvider: ignored('configuration.videoConfProviders.provideVideoConfProvider()') },
      outboundCommunication: {
        registerPhoneProvider: ignored('configuration.outboundCommunication.registerPhoneProvider()'),
        registerEmailProvider: ignored('configuration.outboundCommunication.registerEmailProvider()'),
      },
    };
  }
}

/**
 * A library's interaction handler: its prefix must be long enough not to catch the app's own ids by
 * chance, and must not overlap another handler's (which of the two would get an id is not a guess).
 */
function checkedHandler(handler: IPlugboardInteractionHandler, registered: readonly IPlugboardInteractionHandler[]): IPlugboardInteractionHandler {
  const prefix: unknown = handler?.prefix;
  if (typeof prefix !== 'string' || prefix.length < 3 || prefix.length > 128) {
    throw new HostError('app_install_failed', `An interaction handler needs a prefix of 3 to 128 characters, not ${JSON.stringify(prefix)?.slice(0, 40)}`);
  }
  const overlapping = registered.find((other) => other.prefix.startsWith(prefix) || prefix.startsWith(other.prefix));
  if (overlapping) {
    throw new HostError('app_install_failed', `The interaction handler prefix "${prefix}" overlaps "${overlapping.prefix}", registered before`);
  }
  return handler;
}

/** A PASSWORD setting is a secret: clients must never read it, whatever the app asked for. */
export function secretsNotPublic(setting: ISetting, logger: ILogger): ISetting {
  if (setting.type === SettingType.PASSWORD && setting.public) {
    logger.warn(`Setting "${setting.id}" is a PASSWORD: it is made non-public`);
    return { ...setting, public: false };
  }
  return { ...setting };
}
