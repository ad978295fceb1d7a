import type { ICloudWorkspaceRead, IEnvironmentRead, IExperimentalRead, ILivechatRead, IMessageRead, INotifier, IPersistenceRead, IRead, IRoleRead, IRoomRead, IUploadRead, IUserRead, IVideoConferenceRead } from '@rocket.chat/apps-engine/definition/accessors/index.js';
import type { IContactRead } from '@rocket.chat/apps-engine/definition/accessors/IContactRead.js';
import type { IOAuthAppsReader } from '@rocket.chat/apps-engine/definition/accessors/IOAuthAppsReader.js';
import type { IThreadRead } from '@rocket.chat/apps-engine/definition/accessors/IThreadRead.js';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../container/tokens.ts';
import { unsupported } from '../unsupported.ts';

/** An app's `IRead`. Readers of features this host lacks (livechat, uploads, ...) reject when called. */
@injectable()
export class Reader implements IRead {
  constructor(
    @inject(TOKENS.EnvironmentRead) private readonly environment: IEnvironmentRead,
    @inject(TOKENS.PersistenceRead) private readonly persistence: IPersistenceRead,
    @inject(TOKENS.UserRead) private readonly users: IUserRead,
    @inject(TOKENS.RoomRead) private readonly rooms: IRoomRead,
    @inject(TOKENS.MessageRead) private readonly messages: IMessageRead & IThreadRead,
    @inject(TOKENS.Notifier) private readonly notifier: INotifier,
  ) {}

  getEnvironmentReader(): IEnvironmentRead {
    return this.environment;
  }

  getThreadReader(): IThreadRead {
    return this.messages;
  }

  getMessageReader(): IMessageRead {
    return this.messages;
  }

  getPersistenceReader(): IPersistenceRead {
    return this.persistence;
  }

  getRoomReader(): IRoomRead {
    return this.rooms;
  }

  getUserReader(): IUserRead {
    return this.users;
  }

  getNotifier(): INotifier {
    return this.notifier;
  }

  getLivechatReader(): ILivechatRead {
    return unsupported('read.getLivechatReader()');
  }

  getUploadReader(): IUploadRead {
    return unsupported('read.getUploadReader()');
  }

  getCloudWorkspaceReader(): ICloudWorkspaceRead {
    return unsupported('read.getCloudWorkspaceReader()');
  }

  getVideoConferenceReader(): IVideoConferenceRead {
    return unsupported('read.getVideoConferenceReader()');
  }

  getOAuthAppsReader(): IOAuthAppsReader {
    return unsupported('read.getOAuthAppsReader()');
  }

  getRoleReader(): IRoleRead {
    return unsupported('read.getRoleReader()');
  }

  getContactReader(): IContactRead {
    return unsupported('read.getContactReader()');
  }

  getExperimentalReader(): IExperimentalRead {
    return unsupported('read.getExperimentalReader()');
  }
}
